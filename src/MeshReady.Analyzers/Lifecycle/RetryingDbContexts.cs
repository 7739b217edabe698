using System;
using System.Collections.Generic;
using System.Threading;
using MeshReady.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MeshReady.Analyzers.Lifecycle;

/// <summary>
/// Which <c>DbContext</c> types of this compilation are registered with an EF Core execution strategy that retries a
/// refused connection for long enough to outlast proxy start-up: then a call inside that strategy's operation lambda
/// (<c>db.Database.CreateExecutionStrategy().ExecuteAsync(…)</c>) is covered, like a call inside an awaited Polly retry.
/// <para>
/// Only providers whose transient-error detector treats a refused connection as transient count:
/// Npgsql (<c>NpgsqlException.IsTransient</c> is true for an inner <c>SocketException</c>/<c>IOException</c>/<c>TimeoutException</c>,
/// and connection failures are thrown as <c>NpgsqlException("Failed to connect to …", socketException)</c>) and Pomelo's
/// MySQL provider (from 6.0.0 it asks MySqlConnector's <c>MySqlException.IsTransient</c>, true for <c>UnableToConnectToHost</c>).
/// SQL Server's detector lists SQL error numbers; a refused TCP connection is neither of them (0 on Linux before
/// SqlClient aligned the numbers, 10061 after), so <c>EnableRetryOnFailure</c> on SQL Server is no mitigation here.
/// </para>
/// <para>
/// Read once per compilation, on first use: the registrations (<c>AddDbContext*&lt;T&gt;</c>, Aspire's
/// <c>AddNpgsqlDbContext&lt;T&gt;</c>/<c>EnrichNpgsqlDbContext&lt;T&gt;</c>/<c>AddMySqlDbContext&lt;T&gt;</c>, and
/// <c>OnConfiguring</c> overrides), found by name in syntax first and bound only where a name matches.
/// </para>
/// </summary>
internal sealed class RetryingDbContexts
{
    /// <summary>
    /// The least total back-off (seconds, before jitter) a strategy must wait across its retries to count. EF's default
    /// schedule (6 retries, delays 0, 1, 3, 7, 15, 30 s) waits at least 56 s; 4 retries wait 11 s.
    /// </summary>
    public const double MinimumBackoffSeconds = 10;

    private const int DefaultMaxRetryCount = 6;
    private const double DefaultMaxDelaySeconds = 30;

    private static readonly HashSet<string> RegistrationNames = new(StringComparer.Ordinal)
    {
        "AddDbContext", "AddDbContextPool", "AddDbContextFactory", "AddPooledDbContextFactory",
        "AddNpgsqlDbContext", "EnrichNpgsqlDbContext", "AddMySqlDbContext", "EnrichMySqlDbContext",
        "AddSqlServerDbContext", "EnrichSqlServerDbContext",
    };

    // Context type → true when some registration of it retries refused connections long enough.
    private readonly Dictionary<ITypeSymbol, bool> byContext;

    private RetryingDbContexts(Dictionary<ITypeSymbol, bool> byContext) => this.byContext = byContext;

    /// <summary>
    /// True when the strategy an <c>Execute*</c> call runs on belongs to a context registered with a covering retry.
    /// A context the call cannot name (a generic <c>TContext</c>, a strategy handed in) is covered only when every
    /// context this compilation registers is.
    /// </summary>
    public bool Covers(IInvocationOperation execute, CancellationToken cancellationToken)
    {
        if (byContext.Count == 0)
        {
            return false;
        }

        var context = ContextOf(execute, cancellationToken);
        if (context is not null and not ITypeParameterSymbol)
        {
            for (ITypeSymbol? type = context; type is not null; type = type.BaseType)
            {
                if (byContext.TryGetValue(type, out var covered))
                {
                    return covered;
                }
            }

            return false;
        }

        foreach (var covered in byContext.Values)
        {
            if (!covered)
            {
                return false;
            }
        }

        return true;
    }

    public static RetryingDbContexts Build(Compilation compilation, Func<SyntaxTree, SemanticModel> semanticModelOf, CancellationToken cancellationToken)
    {
        var found = new Dictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!MayRegister(tree.GetText(cancellationToken).ToString()))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when NameOf(invocation.Expression) is { } name && RegistrationNames.Contains(name):
                        // Once per compilation, only for trees that name a DbContext registration.
                        model ??= semanticModelOf(tree);
                        if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation registration
                            && RegisteredContext(registration.TargetMethod) is { } registered)
                        {
                            Record(found, registered, Retries(registration, cancellationToken));
                        }

                        break;
                    case MethodDeclarationSyntax { Identifier.ValueText: "OnConfiguring" } method:
                        model ??= semanticModelOf(tree);
                        if (model.GetDeclaredSymbol(method, cancellationToken) is { IsOverride: true, ContainingType: { } owner }
                            && IsDbContext(owner)
                            && model.GetOperation(method, cancellationToken) is { } body)
                        {
                            Record(found, owner, RetriesIn(body, cancellationToken));
                        }

                        break;
                }
            }
        }

        return new RetryingDbContexts(found);
    }

    // Every registration name contains "DbContext"; the override is OnConfiguring. A tree without either (and without a
    // Unicode escape, which can spell an identifier) holds neither, and its nodes are not walked: this runs again for
    // each new compilation in the IDE, and most trees of a project are neither.
    private static bool MayRegister(string text)
        => text.IndexOf("DbContext", StringComparison.Ordinal) >= 0
            || text.IndexOf("OnConfiguring", StringComparison.Ordinal) >= 0
            || text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0;

    private static void Record(Dictionary<ITypeSymbol, bool> found, ITypeSymbol context, bool retries)
        => found[context] = retries || (found.TryGetValue(context, out var earlier) && earlier);

    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    // AddDbContext<TContext>, AddNpgsqlDbContext<TContext>, AddDbContext<TContextService, TContextImplementation>.
    private static ITypeSymbol? RegisteredContext(IMethodSymbol method)
    {
        ITypeSymbol? context = null;
        foreach (var argument in method.TypeArguments)
        {
            if (argument is not ITypeParameterSymbol && IsDbContext(argument))
            {
                context = argument;
            }
        }

        return context;
    }

    private static bool IsDbContext(ITypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current is { Name: "DbContext", ContainingNamespace: { Name: "EntityFrameworkCore", ContainingNamespace.Name: "Microsoft" } })
            {
                return true;
            }
        }

        return false;
    }

    private static bool Retries(IInvocationOperation registration, CancellationToken cancellationToken)
    {
        var method = registration.TargetMethod;

        // Aspire turns retries on unless the settings say DisableRetry (AspireEFPostgreSqlExtensions, AspireEFMySqlExtensions).
        if (method.Name is "AddNpgsqlDbContext" or "EnrichNpgsqlDbContext" or "AddMySqlDbContext" or "EnrichMySqlDbContext"
            && method.ContainingType is { Name: "AspireEFPostgreSqlExtensions" or "AspireEFMySqlExtensions" })
        {
            return !DisablesRetry(registration);
        }

        return RetriesIn(registration, cancellationToken);
    }

    // builder.AddNpgsqlDbContext<T>("db", settings => settings.DisableRetry = true): the only place the code says so.
    private static bool DisablesRetry(IInvocationOperation registration)
    {
        foreach (var operation in registration.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "DisableRetry" } } assignment
                && assignment.Value.ConstantValue is not { HasValue: true, Value: false })
            {
                return true;
            }
        }

        return false;
    }

    // o.UseNpgsql(cs, npgsql => npgsql.EnableRetryOnFailure()), o.UseMySql(cs, version, m => m.EnableRetryOnFailure(5)),
    // or a retrying strategy built by hand (o.ExecutionStrategy(d => new NpgsqlRetryingExecutionStrategy(d))).
    private static bool RetriesIn(IOperation root, CancellationToken cancellationToken)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { Name: "EnableRetryOnFailure" } method } enable
                    when RetriesRefusedConnections(method.ContainingType):
                    if (LongEnough(enable.Arguments, cancellationToken))
                    {
                        return true;
                    }

                    break;
                case IObjectCreationOperation { Type: INamedTypeSymbol type } creation
                    when type.Name is "NpgsqlRetryingExecutionStrategy" or "MySqlRetryingExecutionStrategy" && RetriesRefusedConnections(type):
                    if (LongEnough(creation.Arguments, cancellationToken))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    // Npgsql's and Pomelo's builders and strategies; not SQL Server's (same namespace as Pomelo's, other assembly).
    private static bool RetriesRefusedConnections(INamedTypeSymbol type)
    {
        var assembly = type.ContainingAssembly?.Name ?? string.Empty;
        return assembly.StartsWith("Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal)
            || assembly.StartsWith("Pomelo.EntityFrameworkCore.MySql", StringComparison.Ordinal);
    }

    // maxRetryCount and maxRetryDelay, when given, must be constants and add up to the minimum back-off.
    private static bool LongEnough(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, CancellationToken cancellationToken)
    {
        var count = DefaultMaxRetryCount;
        var maxDelay = DefaultMaxDelaySeconds;
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is null)
            {
                continue;
            }

            switch (argument.Parameter.Name)
            {
                case "maxRetryCount":
                    if (ValueTracking.ConstantInt32(argument.Value, cancellationToken) is not { } constantCount)
                    {
                        return false;
                    }

                    count = constantCount;
                    break;
                case "maxRetryDelay":
                    if (Seconds(argument.Value, cancellationToken) is not { } seconds)
                    {
                        return false;
                    }

                    maxDelay = seconds;
                    break;
            }
        }

        // EF Core's ExecutionStrategy.GetNextDelay: min((2^n - 1) × 1 s × [1, 1.1), maxDelay) before retry n + 1.
        var total = 0.0;
        for (var n = 0; n < count && total < MinimumBackoffSeconds; n++)
        {
            total += Math.Min(Math.Pow(2, n) - 1, maxDelay);
        }

        return total >= MinimumBackoffSeconds;
    }

    // TimeSpan.FromSeconds(30) / FromMilliseconds(…) / FromMinutes(…) with a constant argument.
    private static double? Seconds(IOperation value, CancellationToken cancellationToken)
    {
        if (ValueTracking.Origin(value, cancellationToken) is IInvocationOperation { TargetMethod: { ContainingType.Name: "TimeSpan" } method } call
            && call.Arguments.Length == 1
            && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: var raw }
            && raw is IConvertible convertible)
        {
            var number = convertible.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
            return method.Name switch
            {
                "FromSeconds" => number,
                "FromMilliseconds" => number / 1000,
                "FromMinutes" => number * 60,
                _ => null,
            };
        }

        return null;
    }

    /// <summary>The context type whose strategy an <c>Execute*</c> call runs on (<c>context.Database.CreateExecutionStrategy()</c>), or null.</summary>
    private static ITypeSymbol? ContextOf(IInvocationOperation execute, CancellationToken cancellationToken)
    {
        var receiver = execute.Instance
            ?? (execute.TargetMethod.IsExtensionMethod && execute.Arguments.Length > 0 ? execute.Arguments[0].Value : null);
        if (receiver is null
            || ValueTracking.Origin(receiver, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "CreateExecutionStrategy" } create)
        {
            return null;
        }

        var facade = create.Instance ?? (create.Arguments.Length > 0 ? create.Arguments[0].Value : null);
        return facade is not null
            && ValueTracking.Origin(facade, cancellationToken) is IPropertyReferenceOperation { Property.Name: "Database", Instance: { Type: { } context } }
            ? context
            : null;
    }
}
