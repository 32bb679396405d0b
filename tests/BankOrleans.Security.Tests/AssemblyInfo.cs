// One 4-silo cluster at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
