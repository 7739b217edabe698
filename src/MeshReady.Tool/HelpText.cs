namespace MeshReady.Tool;

/// <summary>What <c>meshready --help</c> and <c>meshready &lt;command&gt; --help</c> print.</summary>
internal static class HelpText
{
    public const string Root = """
        meshready - check Kubernetes manifests for Istio service-mesh problems, against the built .NET service.

        Usage:
          meshready check <paths...> [options]    Check manifest files or folders (*.yaml, *.yml).
          meshready check --cluster [options]      Check what runs in a cluster (kubeconfig context, namespace).
          meshready ports --assembly <dll>         Print Service and container port YAML for the code's ports.
          meshready explain <text>                 Explain a symptom (access-log line, 503 UC, an error message):
                                                   its likely causes, the rules that detect them, your project's findings.
          meshready --version                      Print the version.

        Run 'meshready <command> --help' for a command's options.
        Rules: https://github.com/meshready/MeshReady.Analyzers/tree/main/docs/rules
        """;

    public const string Check = """
        Usage: meshready check <paths...> [options]
               meshready check --cluster [--context <name>] [--kubeconfig <file>] [-n|--namespace <ns> | -A|--all-namespaces] [options]

        Checks Kubernetes manifests (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Service; other kinds are
        skipped) against Istio's rules (MESH101-MESH111, MESH114, MESH116) and, with --assembly, against what the code does
        (MESH106-MESH108, MESH112-MESH113, MESH115). Paths are files, folders (searched recursively for *.yaml, *.yml and *.json, as kubectl
        apply -f reads them) or - for standard input; kubectl's 'kind: List' output is read item by item:
          kubectl get deploy,sts,svc -n shop -o yaml | meshready check -
        Helm charts must be rendered first: run the check on the output of 'helm template'.

        With --cluster the objects come from the cluster's API instead of files (Namespaces for their injection labels,
        Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods not owned by one of those, Services, and Istio
        PeerAuthentications where the CRD is installed, also in the mesh's root namespace for mesh-wide policy, read from
        the istio ConfigMap), read in pages of 500,
        and the same checks run. Findings name kind/namespace/name and the field instead of file and line:
          Deployment/shop/orders (spec.template.spec.containers[0].ports[0]): warning MESH102: ...
        A list the API server refuses (403) is reported as MESH915 and the rest is still checked.

        Cluster options:
          --cluster               Read the objects from the cluster (no paths).
          --context <name>        The kubeconfig context (default: its current-context).
          --kubeconfig <file>     The kubeconfig file (default: every file in KUBECONFIG, merged as kubectl merges
                                  them, else ~/.kube/config; inside a pod without one, the pod's service account).
          -n, --namespace <ns>    The namespace to check (default: the context's namespace, else default).
          -A, --all-namespaces    Check every namespace.

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
          --istio-version <x.y>   The Istio release the cluster runs (1.6 or newer; default: the newest the rules
                                  know, 1.30). Decides which ports the proxy binds (15004 only in 1.11-1.24, MESH102)
                                  and whether the pod annotation sidecar.istio.io/nativeSidecar counts (from 1.24).
          --root-namespace <ns>   Istio's meshConfig.rootNamespace, where mesh-wide PeerAuthentications live (MESH114;
                                  default: istio-system; with --cluster, read from the istio ConfigMap).
          --fail-on <severity>    error, warning (default), info or never: exit with 1 when a finding is at or above it.
          -h, --help              Show this help.

        Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 the check could not run
        (unknown option, missing file, unreadable assembly, no kubeconfig, API server unreachable or credentials refused).
        """;

    public const string Ports = """
        Usage: meshready ports --assembly <dll> [--istio-version <x.y>]

        Prints the Service ports and container ports (YAML, serialised from Kubernetes models) for the ports the code
        listens on, with Istio protocol names and appProtocol, as recorded by the MeshReady generator.

        Options:
          --assembly <dll>        The built service assembly (required).
          --istio-version <x.y>   The Istio release the cluster runs (default: the newest the rules know). Before
                                  1.19 Istio reads no kubernetes.io/ appProtocol, so HTTP/2 ports get appProtocol http2.
          -h, --help              Show this help.

        Exit codes: 0 printed; 1 the assembly records no ports; 2 the command could not run.
        """;
}
