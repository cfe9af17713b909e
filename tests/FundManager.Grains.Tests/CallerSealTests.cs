using System.Reflection;
using System.Security.Cryptography;
using FundManager.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace FundManager.Grains.Tests;

public sealed class CallerSealTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)7, 32).ToArray();
    private static readonly GrainId Project = GrainId.Create("project", Guid.NewGuid().ToString("N"));
    private static readonly GrainId OtherProject = GrainId.Create("project", Guid.NewGuid().ToString("N"));
    private static readonly MethodInfo Advance = typeof(IProjectGrain).GetMethod(nameof(IProjectGrain.Advance))!;
    private static readonly MethodInfo Revise = typeof(IProjectGrain).GetMethod(nameof(IProjectGrain.Revise))!;
    private static readonly byte[] Arguments = SHA256.HashData("amina submit"u8);
    private static readonly byte[] OtherArguments = SHA256.HashData("amina approve"u8);

    [Fact]
    public void a_fresh_seal_for_the_same_grain_method_and_arguments_verifies()
    {
        var seal = new CallerSeal(Key, new FakeTimeProvider(ClusterFixture.Now));

        Assert.True(seal.Verify(Project, Advance, Arguments, seal.Sign(Project, Advance, Arguments)));
    }

    [Fact]
    public void a_seal_does_not_vouch_for_another_grain_method_arguments_or_key()
    {
        var clock = new FakeTimeProvider(ClusterFixture.Now);
        var seal = new CallerSeal(Key, clock);
        var signed = seal.Sign(Project, Advance, Arguments);

        Assert.False(seal.Verify(OtherProject, Advance, Arguments, signed));
        Assert.False(seal.Verify(Project, Revise, Arguments, signed));
        Assert.False(seal.Verify(Project, Advance, OtherArguments, signed));
        Assert.False(new CallerSeal(new byte[32], clock).Verify(Project, Advance, Arguments, signed));
        Assert.False(seal.Verify(Project, Advance, Arguments, null));
        Assert.False(seal.Verify(Project, Advance, Arguments, "not-a-seal"));
        Assert.False(seal.Verify(Project, Advance, Arguments, $"{long.MaxValue}.{signed[(signed.IndexOf('.', StringComparison.Ordinal) + 1)..]}"));
    }

    [Fact]
    public void a_seal_expires()
    {
        var clock = new FakeTimeProvider(ClusterFixture.Now);
        var seal = new CallerSeal(Key, clock);
        var signed = seal.Sign(Project, Advance, Arguments);

        clock.Advance(CallerSeal.Lifetime + TimeSpan.FromSeconds(1));

        Assert.False(seal.Verify(Project, Advance, Arguments, signed));
    }

    [Fact]
    public void string_keys_reach_storage_unambiguously_and_guid_keys_unchanged()
    {
        var guid = Guid.NewGuid();
        var byGuid = GrainId.Create("project", guid.ToString("N"));

        Assert.Equal(byGuid, UnambiguousKeyStorage.Stored(byGuid));
        Assert.Equal("s:ada", UnambiguousKeyStorage.Stored(GrainId.Create("user", "ada")).Key.ToString());
        Assert.NotEqual(UnambiguousKeyStorage.Stored(GrainId.Create("user", "ada")), UnambiguousKeyStorage.Stored(GrainId.Create("user", "0ada")));
        var upper = GrainId.Create("fund", guid.ToString("N").ToUpperInvariant());
        Assert.NotEqual(UnambiguousKeyStorage.Stored(byGuid).Key.ToString(), UnambiguousKeyStorage.Stored(upper).Key.ToString());
    }
}
