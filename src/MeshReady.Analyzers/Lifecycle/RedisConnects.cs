using System;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// A StackExchange.Redis connect that does not fail while no server can be reached: <c>abortConnect=false</c> in the
/// configuration string, or <c>AbortOnConnectFail = false</c> on the <c>ConfigurationOptions</c>. "If true, Connect will not
/// create a connection while no servers are available" (StackExchange/StackExchange.Redis <c>docs/Configuration.md</c>,
/// the options table; the exception it throws otherwise says "to create a disconnected multiplexer, disable
/// AbortOnConnectFail"): with false, <c>Connect</c>/<c>ConnectAsync</c> return a disconnected multiplexer, which reconnects
/// in the background (<c>ReconnectRetryPolicy</c>, same page), so a refused connection before the proxy is ready does not
/// fail start-up. Sentinel configurations (<c>serviceName</c>) are excluded: they still throw with AbortOnConnectFail = false
/// (https://github.com/StackExchange/StackExchange.Redis/issues/2173, /issues/2980 on 2.9.32). The setting must be a
/// constant in this method: an options object built elsewhere, or a flag read from configuration, is not trusted.
/// </summary>
internal static class RedisConnects
{
    public static bool KeepRetrying(IInvocationOperation call, CancellationToken cancellationToken)
    {
        if (call.TargetMethod is not { Name: "Connect" or "ConnectAsync", ContainingType: { Name: "ConnectionMultiplexer" } type }
            || type.ContainingNamespace is not { Name: "Redis", ContainingNamespace: { Name: "StackExchange", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return false;
        }

        IOperation? configuration = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                configuration = argument.Value;
            }
        }

        if (configuration is null || UsedAtOnce(call, cancellationToken))
        {
            return false;
        }

        if (configuration.Type?.SpecialType == SpecialType.System_String)
        {
            return Read(configuration, cancellationToken) is { Aborts: false, Sentinel: false };
        }

        return ValueTracking.SkipConversions(configuration) switch
        {
            IObjectCreationOperation creation => Initial(creation, cancellationToken) is { Aborts: false, Sentinel: false },
            ILocalReferenceOperation { Local: var local } => LocalKeepsRetrying(local, call, cancellationToken),
            _ => false,
        };
    }

    // A disconnected multiplexer is no mitigation when the same method goes on to use it: open-telemetry/opentelemetry-demo's
    // cart (054282e, src/cart/src/cartstore/ValkeyCartStore.cs) connects with abortConnect=false, then throws when
    // '!_redis.IsConnected' and runs StringSet/StringGet, which wait for the connection and can time out. Only a multiplexer
    // that is stored, returned or registered here (its commands come later) counts; a call or property read on it (or on the
    // local or field it is put in) after the connect in this method does not.
    private static bool UsedAtOnce(IOperation call, CancellationToken cancellationToken)
    {
        var value = call.Parent is IAwaitOperation awaited ? awaited : call;
        while (value.Parent is IConversionOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        ISymbol? holder = value.Parent switch
        {
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            _ => null,
        };
        if (holder is null)
        {
            // Connect(…).GetDatabase() uses it at once; passed as an argument or returned, it is used later.
            return value.Parent is IInvocationOperation or IPropertyReferenceOperation or IMemberReferenceOperation;
        }

        var root = call;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var receiver = operation switch
            {
                IInvocationOperation invocation => invocation.Instance,
                IPropertyReferenceOperation property => property.Instance,
                _ => null,
            };
            if (receiver is not null
                && operation.Syntax.SpanStart > call.Syntax.Span.End
                && ValueTracking.SkipConversions(receiver) switch
                {
                    ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, holder),
                    IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, holder),
                    _ => false,
                })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What is known of a configuration: whether Connect aborts (null: unknown), and whether it names a Sentinel service.</summary>
    private readonly struct Settings
    {
        public Settings(bool? aborts, bool sentinel)
        {
            Aborts = aborts;
            Sentinel = sentinel;
        }

        public bool? Aborts { get; }

        public bool Sentinel { get; }

        public Settings With(string property, IOperation value)
            => property switch
            {
                "AbortOnConnectFail" => new Settings(value.ConstantValue is { HasValue: true, Value: bool abort } ? abort : null, Sentinel),
                "ServiceName" => new Settings(Aborts, true),
                _ => this,
            };
    }

    private static readonly Settings Unknown = new(null, sentinel: false);

    // "redis:6379,abortConnect=false", also built with interpolation or '+' ($"{host}:6379,abortConnect=false"): the constant
    // text is read; options are comma-separated key=value pairs with case-insensitive keys, and the last one counts.
    private static Settings Read(IOperation text, CancellationToken cancellationToken)
    {
        var fragments = new System.Collections.Generic.List<string>();
        Fragments(ValueTracking.Origin(text, cancellationToken), fragments, cancellationToken);
        if (fragments.Count == 0)
        {
            return Unknown;
        }

        bool? aborts = true;
        var sentinel = false;
        foreach (var fragment in fragments)
        {
            foreach (var option in fragment.Split(','))
            {
                var equals = option.IndexOf('=');
                if (equals < 0)
                {
                    continue;
                }

                var key = option.Substring(0, equals).Trim();
                if (key.Equals("serviceName", StringComparison.OrdinalIgnoreCase))
                {
                    sentinel = true;
                }
                else if (key.Equals("abortConnect", StringComparison.OrdinalIgnoreCase))
                {
                    aborts = !option.Substring(equals + 1).Trim().Equals("false", StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        return new Settings(aborts, sentinel);
    }

    private static void Fragments(IOperation value, System.Collections.Generic.List<string> into, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: string constant } }:
                into.Add(constant);
                break;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string text } })
                    {
                        into.Add(text);
                    }
                }

                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                Fragments(ValueTracking.Origin(concatenation.LeftOperand, cancellationToken), into, cancellationToken);
                Fragments(ValueTracking.Origin(concatenation.RightOperand, cancellationToken), into, cancellationToken);
                break;
        }
    }

    // new ConfigurationOptions { AbortOnConnectFail = false, … }, or ConfigurationOptions.Parse("…,abortConnect=false").
    private static Settings Initial(IOperation? value, CancellationToken cancellationToken)
    {
        switch (value is null ? null : ValueTracking.SkipConversions(value))
        {
            case IObjectCreationOperation { Initializer: var initializer }:
                var settings = new Settings(aborts: true, sentinel: false);
                if (initializer is not null)
                {
                    foreach (var member in initializer.Initializers)
                    {
                        if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: var name } } assignment)
                        {
                            settings = settings.With(name, assignment.Value);
                        }
                    }
                }

                return settings;
            case IInvocationOperation { TargetMethod: { Name: "Parse", ContainingType.Name: "ConfigurationOptions" } } parse when !parse.Arguments.IsEmpty:
                return Read(parse.Arguments[0].Value, cancellationToken);
            default:
                return Unknown;
        }
    }

    // var options = ConfigurationOptions.Parse(text); options.AbortOnConnectFail = false; Connect(options): the writes of the
    // local and of its AbortOnConnectFail/ServiceName in this method before the call are read in order; the last word counts.
    // A configuration string read at run time may still name a Sentinel service: not known here, taken as not.
    private static bool LocalKeepsRetrying(ILocalSymbol local, IOperation call, CancellationToken cancellationToken)
    {
        var root = call;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var settings = Unknown;
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation.Syntax.SpanStart >= call.Syntax.SpanStart)
            {
                continue;
            }

            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    settings = Initial(declarator.GetVariableInitializer()?.Value, cancellationToken);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    settings = Initial(assignment.Value, cancellationToken);
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation owner, Property.Name: var name } } assignment
                    when SymbolEqualityComparer.Default.Equals(owner.Local, local):
                    settings = settings.With(name, assignment.Value);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation written }
                    when SymbolEqualityComparer.Default.Equals(written.Local, local):
                    return false;
            }
        }

        return settings is { Aborts: false, Sentinel: false };
    }
}
