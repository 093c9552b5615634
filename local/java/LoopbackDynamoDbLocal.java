import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as `java -jar DynamoDBLocal.jar` starts it, but listening on 127.0.0.1 only: the
 * jar has no option for the address and its Jetty server binds every interface otherwise.
 * Run from source (`java -cp DynamoDBLocal.jar LoopbackDynamoDbLocal.java -port …`).
 *
 * It also ends with the process that started it: the runtime holds the write end of its standard
 * input, which the kernel closes however the runtime ends (`kill -9` included), so end of input
 * means the runtime is gone. Left running, the engine would keep the database file and port for
 * nobody (SQLite commits each write, so stopping here loses nothing acknowledged).
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // the runtime never writes; only the end of input matters
        }
      } catch (IOException ignored) {
        // a broken pipe is the same news
      }
      System.exit(0);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
    proxy.join();
  }
}
