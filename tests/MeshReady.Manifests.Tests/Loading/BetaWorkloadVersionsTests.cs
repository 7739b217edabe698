using k8s.Models;
using MeshReady.Manifests.Loading;
using MeshReady.Manifests.Tests.Infrastructure;
using Xunit;

namespace MeshReady.Manifests.Tests.Loading;

/// <summary>
/// Workloads written against the beta API versions that Kubernetes 1.16 (and 1.25 for CronJob) stopped serving are read
/// as their apps/v1 and batch/v1 successors: the pod template is the same. Shape from thangchung/shopping-cart-k8s
/// <c>k8s/istio-shopping-cart.yaml</c> (2018, Istio 0.x), where every Deployment is <c>extensions/v1beta1</c>.
/// </summary>
public class BetaWorkloadVersionsTests
{
    [Fact]
    public void AnExtensionsV1beta1DeploymentIsCheckedLikeAnAppsV1One()
        => ManifestAssert.ReportsExactlyMarked("""
            apiVersion: v1
            kind: Service
            metadata:
              name: email-service
              labels:
                app: email-service
            spec:
              ports:
              - name: smtp
                port: 25 # expect: MESH114
                targetPort: 1025 # expect: MESH103
                protocol: TCP
              - name: http
                port: 80
                protocol: TCP
              selector:
                app: email-service
            ---
            apiVersion: extensions/v1beta1
            kind: Deployment
            metadata:
              name: email-service-v1
            spec:
              replicas: 1
              template:
                metadata:
                  labels:
                    app: email-service
                    version: v1
                spec:
                  containers:
                  - name: email-service
                    image: djfarrelly/maildev:latest
                    ports:
                    - containerPort: 25
                      protocol: TCP
                    - containerPort: 80
                      protocol: TCP
            """);

    [Theory]
    [InlineData("extensions/v1beta1", "Deployment", typeof(V1Deployment))]
    [InlineData("extensions/v1beta1", "DaemonSet", typeof(V1DaemonSet))]
    [InlineData("apps/v1beta1", "Deployment", typeof(V1Deployment))]
    [InlineData("apps/v1beta1", "StatefulSet", typeof(V1StatefulSet))]
    [InlineData("apps/v1beta2", "Deployment", typeof(V1Deployment))]
    [InlineData("apps/v1beta2", "StatefulSet", typeof(V1StatefulSet))]
    [InlineData("apps/v1beta2", "DaemonSet", typeof(V1DaemonSet))]
    [InlineData("batch/v1beta1", "CronJob", typeof(V1CronJob))]
    public void BetaWorkloadKindsReadAsTheirSuccessors(string apiVersion, string kind, System.Type model)
        => Assert.Equal(model, KubernetesKinds.ModelFor(apiVersion, kind));

    [Theory]
    [InlineData("extensions/v1beta1", "StatefulSet")] // never served there
    [InlineData("extensions/v1beta1", "Ingress")]
    [InlineData("apps/v1beta1", "DaemonSet")]
    [InlineData("batch/v1beta1", "Job")]
    public void KindsThatNeverExistedInABetaVersionAreStillSkipped(string apiVersion, string kind)
        => Assert.Null(KubernetesKinds.ModelFor(apiVersion, kind));
}
