// Each test here runs whole systems of processes and kills parts of them; side by side on a small
// machine they would only starve each other's deadlines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
