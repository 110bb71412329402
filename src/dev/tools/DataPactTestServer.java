import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java time-skipping test server, started as its own main (io.temporal.testserver.TestServer)
 * starts it, with one difference: it accepts the keepalive pings Temporal's clients send every 30 s.
 *
 * <p>gRPC Java's default is to allow one ping per 5 minutes; after a few closer ones it answers
 * GOAWAY "too_many_pings" and closes the connection, with whatever was on it. An idle worker's
 * connection was cut every minute or two that way, and a task the server handed to a poll being cut
 * was lost until its timeout (30 s for an activity, in real time while the clock is locked): a test
 * waiting 90 s for a write then failed now and then.
 *
 * <p>Compiled by src/dev/install.ts against the test server's classpath; args: port
 * [--enable-time-skipping].
 */
public final class DataPactTestServer {
  /** Temporal's clients ping every 30 s; anything at or below that is accepted. */
  private static final long PERMIT_KEEPALIVE_SECONDS = 10;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: DataPactTestServer <port> [--enable-time-skipping]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equalsIgnoreCase("--enable-time-skipping")) {
        timeSkipping = true;
      } else {
        System.err.println("Unknown flag " + args[i]);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, 0);
    ServerBuilder<?> builder =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
            .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true);
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdownNow();
                  services.close();
                }));
    server.awaitTermination();
  }
}
