namespace FundManager.Contracts;

/// <summary>
/// A command or question failed because something the silo depends on failed (the database, most
/// often), not because a rule refused it. It crosses silos and reaches clients as itself, whatever
/// the fault was (the silo logs the fault); what was not acknowledged did not happen, so the caller
/// may try again. The HTTP edge answers 503 with Retry-After.
/// </summary>
[GenerateSerializer, Alias("fm.ServiceFaultException")]
public sealed class ServiceFaultException : Exception
{
    public ServiceFaultException(string message) : base(message)
    {
    }
}
