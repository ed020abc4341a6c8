using Xunit;

// One jsii runtime serves the whole test process, and its calls are not safe across threads.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
