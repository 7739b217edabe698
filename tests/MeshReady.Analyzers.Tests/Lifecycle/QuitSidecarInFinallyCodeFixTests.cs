using System.Threading.Tasks;
using MeshReady.CodeFixes.Lifecycle;
using Xunit;
using static MeshReady.Analyzers.Tests.Lifecycle.LifecycleStandIns;
using VerifyFix = MeshReady.Analyzers.Tests.Infrastructure.CodeFixVerifier<MeshReady.Analyzers.Lifecycle.JobCompletionAnalyzer, MeshReady.CodeFixes.Lifecycle.QuitSidecarInFinallyCodeFix>;

namespace MeshReady.Analyzers.Tests.Lifecycle;

public class QuitSidecarInFinallyCodeFixTests
{
    [Fact]
    public Task WrapsTopLevelProgramSoEveryReturnQuits()
        => VerifyFix.VerifyFixAsync(
            """
            using System.Net.Http;

            using var http = new HttpClient();
            var response = await http.PostAsync("http://billing/api/close-month", null);
            if (!response.IsSuccessStatusCode)
            {
                return 2;
            }

            {|MESH033:return 0;|}
            """ + MeshProxy,
            """
            using System.Net.Http;
            using MeshReady;

            try
            {
                using var http = new HttpClient();
                var response = await http.PostAsync("http://billing/api/close-month", null);
                if (!response.IsSuccessStatusCode)
                {
                    return 2;
                }

                return 0;
            }
            finally
            {
                await MeshProxy.QuitAsync();
            }
            """ + MeshProxy);

    [Fact]
    public Task MakesIntMainAsyncAndWrapsIt()
        => VerifyFix.VerifyFixAllAsync(
            """
            using StackExchange.Redis;

            public static class Program
            {
                public static int {|MESH033:Main|}()
                {
                    var redis = ConnectionMultiplexer.Connect("redis-master.cache:6379");
                    return redis is null ? 1 : 0;
                }
            }
            """ + Redis + MeshProxy,
            """
            using System.Threading.Tasks;
            using MeshReady;
            using StackExchange.Redis;

            public static class Program
            {
                public static async Task<int> Main()
                {
                    try
                    {
                        var redis = ConnectionMultiplexer.Connect("redis-master.cache:6379");
                        return redis is null ? 1 : 0;
                    }
                    finally
                    {
                        await MeshProxy.QuitAsync();
                    }
                }
            }
            """ + Redis + MeshProxy,
            QuitSidecarInFinallyCodeFix.EquivalenceKey);

    [Fact]
    public Task NoFixWhenEnvironmentExitWouldSkipTheFinally()
        => VerifyFix.VerifyNoFixAsync("""
            using System;
            using System.Net.Http;

            public static class Program
            {
                public static void {|MESH033:Main|}()
                {
                    using var http = new HttpClient();
                    var ok = http.GetAsync("http://search/api/reindex").Result.IsSuccessStatusCode;
                    Environment.Exit(ok ? 0 : 1);
                }
            }
            """ + MeshProxy);
}
