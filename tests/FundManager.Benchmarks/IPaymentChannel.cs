namespace FundManager.Benchmarks;

/// <summary>A way into the system for a payment; it throws unless the system acknowledged it.</summary>
public interface IPaymentChannel
{
    string Name { get; }

    Task PayAsync(PaymentSlot slot);
}
