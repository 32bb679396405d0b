# One image for every BankOrleans silo; docker-compose.yml picks the silo with --config.

# ---- build: publish the silo and the console client (restore included) -------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# BankOrleans.Topology embeds silo-config/*.json: the one definition of the silos' names and ports.
COPY silo-config/ silo-config/
RUN dotnet publish src/BankOrleans.Silo/BankOrleans.Silo.csproj -c Release -o /app/silo \
 && dotnet publish src/BankOrleans.Client/BankOrleans.Client.csproj -c Release -o /app/client

# ---- runtime: ASP.NET Core's image, for the silo's health endpoints and the dashboard --------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/ ./
COPY silo-config/ silo-config/
ENV BANK_DATA_DIR=/data \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# The silo runs as `bank` (fixed uid/gid 10001), never as root. /data is its own, mode 0750; a new
# named volume takes that owner and mode from the image. The Docker secrets under /run/secrets keep
# the host files' owner and mode: docker-compose.yml adds the host group that owns secrets/
# (BANK_SECRETS_GID), and ./bank compose-secrets makes the mounted files 0640.
RUN groupadd --system --gid 10001 bank \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin bank \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 0750 /data
VOLUME ["/data"]
USER 10001:10001
# Silo port 11111..11114, gateway port 30001..30004 and master-1's dashboard 8080, per
# silo-config/<name>.json. The health ports (9101..9104) stay on the container's loopback: the
# health check runs inside (`BankOrleans.Silo --config … --probe ready`).
EXPOSE 11111 11112 11113 11114 30001 30002 30003 30004 8080
ENTRYPOINT ["dotnet", "/app/silo/BankOrleans.Silo.dll"]
CMD ["--config", "silo-config/master-1.json"]
