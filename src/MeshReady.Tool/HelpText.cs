namespace MeshReady.Tool;

/// <summary>What <c>meshready --help</c> and <c>meshready &lt;command&gt; --help</c> print.</summary>
internal static class HelpText
{
    public const string Root = """
        meshready - check Kubernetes manifests for Istio service-mesh problems, against the built .NET service.

        Usage:
          meshready check <paths...> [options]    Check manifest files or folders (*.yaml, *.yml).
          meshready ports --assembly <dll>         Print Service and container port YAML for the code's ports.
          meshready explain <text>                 Explain a symptom (access-log line, 503 UC, an error message):
                                                   its likely causes, the rules that detect them, your project's findings.
          meshready --version                      Print the version.

        Run 'meshready <command> --help' for a command's options.
        Rules: https://github.com/meshready/MeshReady.Analyzers/tree/main/docs/rules
        """;

    public const string Check = """
        Usage: meshready check <paths...> [options]

        Checks Kubernetes manifests (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Service; other kinds are
        skipped) against Istio's rules (MESH101-MESH111, MESH114, MESH116) and, with --assembly, against what the code does
        (MESH112-MESH113). Paths are files, folders (searched recursively for *.yaml, *.yml and *.json, as kubectl
        apply -f reads them) or - for standard input; kubectl's 'kind: List' output is read item by item:
          kubectl get deploy,sts,svc -n shop -o yaml | meshready check -
        Helm charts must be rendered first: run the check on the output of 'helm template'.

        Options:
          --assembly <dll>        The built service assembly; its MeshReady metadata (ports, shutdown budget, start-up
                                  and Job behaviour) is read without loading it.
          --workload <name[/container]>
                                  The workload (metadata.name) and container that run the assembly. Default: the
                                  container whose image name matches the assembly name (orders-api ~ OrdersApi).
          --format <format>       text (default), msbuild (path(line,col): warning MESH101: ...), sarif, json.
          --output <file>         Write the report to a file instead of standard output.
          --sarif <file>          Also write a SARIF 2.1 log (whatever --format is).
          --ignore <ids>          Rule IDs not to report, separated by commas or semicolons (MESH101,MESH113). One
                                  object can also opt out: annotation meshready.io/ignore: "MESH101".
          --data-plane <plane>    sidecar (default), native_sidecar, ambient or none: the data plane assumed where a
                                  pod's labels and annotations do not say. Default: the assembly's recorded
                                  MeshReady.DataPlane, else sidecar.
          --drain-duration <d>    istio-proxy terminationDrainDuration where a pod does not set it (default 5s).
          --fail-on <severity>    error, warning (default), info or never: exit with 1 when a finding is at or above it.
          -h, --help              Show this help.

        Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 the check could not run
        (unknown option, missing file, unreadable assembly).
        """;

    public const string Ports = """
        Usage: meshready ports --assembly <dll>

        Prints the Service ports and container ports (YAML, serialised from Kubernetes models) for the ports the code
        listens on, with Istio protocol names and appProtocol, as recorded by the MeshReady generator.

        Options:
          --assembly <dll>        The built service assembly (required).
          -h, --help              Show this help.

        Exit codes: 0 printed; 1 the assembly records no ports; 2 the command could not run.
        """;
}
