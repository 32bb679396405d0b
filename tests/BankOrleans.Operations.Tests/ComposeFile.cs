using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace BankOrleans.Operations.Tests;

/// <summary>docker-compose.yml as plain data, with its anchors and merge keys (<c>&lt;&lt;: *silo</c>) resolved.</summary>
internal static class ComposeFile
{
    /// <summary>The repository's docker-compose.yml.</summary>
    public static Dictionary<object, object?> Load()
    {
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        var deserializer = new DeserializerBuilder().Build();
        return deserializer.Deserialize<Dictionary<object, object?>>(new MergingParser(new Parser(reader)));
    }

    /// <summary>The services, by name.</summary>
    public static Dictionary<string, Dictionary<object, object?>> Services(Dictionary<object, object?> compose) =>
        ((Dictionary<object, object?>)compose["services"]!)
            .ToDictionary(service => (string)service.Key, service => (Dictionary<object, object?>)service.Value!);

    /// <summary>A list entry of a service (<c>ports</c>, <c>group_add</c>, …) as strings; empty when absent.</summary>
    public static IReadOnlyList<string> List(Dictionary<object, object?> service, string key) =>
        service.TryGetValue(key, out var value) && value is List<object> list
            ? list.Select(item => item.ToString()!).ToList()
            : [];
}
