namespace MeshReady.Manifests.Model;

/// <summary>One reported problem: a rule, where it is, and a message that names the symptom and the fix.</summary>
internal sealed record Finding(string RuleId, Severity Severity, SourceLocation Location, string Message);
