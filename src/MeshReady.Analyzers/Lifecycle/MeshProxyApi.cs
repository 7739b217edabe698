using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// The generated helpers (<c>MeshReady.MeshProxy</c>, <c>AddMeshReadiness</c>), recognised by name and
/// containing type: they are source in the user's compilation, or absent.
/// </summary>
internal static class MeshProxyApi
{
    public const string Namespace = "MeshReady";
    public const string ProxyType = "MeshProxy";
    public const string WaitMethod = "WaitUntilReadyAsync";
    public const string QuitMethod = "QuitAsync";
    public const string RegistrationMethod = "AddMeshReadiness";
    public const string QuitOnStopOption = "QuitSidecarOnStop";

    public static bool IsWaitUntilReady(IInvocationOperation invocation) => IsProxyCall(invocation.TargetMethod, WaitMethod);

    public static bool IsQuit(IInvocationOperation invocation) => IsProxyCall(invocation.TargetMethod, QuitMethod);

    public static bool IsRegistration(IInvocationOperation invocation) => invocation.TargetMethod.Name == RegistrationMethod;

    private static bool IsProxyCall(IMethodSymbol method, string name)
        => method.Name == name && method.ContainingType?.Name == ProxyType;
}
