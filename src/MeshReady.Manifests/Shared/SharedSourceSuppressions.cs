using System.Diagnostics.CodeAnalysis;

// Duration.cs is shared with the netstandard2.0 analyzers, where the span and Contains(char) overloads these
// rules suggest do not exist; the file must compile unchanged in both places.
[assembly: SuppressMessage("Performance", "CA1846", Scope = "type", Target = "~T:MeshReady.Analyzers.Infrastructure.Duration", Justification = "Shared with netstandard2.0.")]
[assembly: SuppressMessage("Usage", "CA2249", Scope = "type", Target = "~T:MeshReady.Analyzers.Infrastructure.Duration", Justification = "Shared with netstandard2.0.")]

// The mesh facts (src/MeshReady.Analyzers/Mesh) are shared the same way.
[assembly: SuppressMessage("Performance", "CA1846", Scope = "namespaceanddescendants", Target = "~N:MeshReady.Analyzers.Mesh", Justification = "Shared with netstandard2.0.")]
[assembly: SuppressMessage("Performance", "CA1847", Scope = "namespaceanddescendants", Target = "~N:MeshReady.Analyzers.Mesh", Justification = "Shared with netstandard2.0.")]
[assembly: SuppressMessage("Performance", "CA1865", Scope = "namespaceanddescendants", Target = "~N:MeshReady.Analyzers.Mesh", Justification = "Shared with netstandard2.0.")]
[assembly: SuppressMessage("Performance", "CA1866", Scope = "namespaceanddescendants", Target = "~N:MeshReady.Analyzers.Mesh", Justification = "Shared with netstandard2.0.")]
[assembly: SuppressMessage("Usage", "CA2249", Scope = "namespaceanddescendants", Target = "~N:MeshReady.Analyzers.Mesh", Justification = "Shared with netstandard2.0.")]
