package dev.enclave.cli.playground.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kube-proxy does for one port of one Service: listens on the Service's loopback address and
 * port and forwards each connection to one of the Service's ready endpoints, in turn; with none
 * ready the connection is closed at once, as a cluster IP with no endpoints refuses it.
 */
final class ServiceProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

  /** An endpoint: a pod address and the port it serves the Service's target port on. */
  record Endpoint(String address, int port) {}

  private final String name;
  private final ServerSocket server;
  private final Supplier<List<Endpoint>> endpoints;
  private final AtomicInteger next = new AtomicInteger();
  private volatile boolean closed;

  ServiceProxy(String name, String address, int port, Supplier<List<Endpoint>> endpoints) throws IOException {
    this.name = name;
    this.endpoints = endpoints;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 64);
    Thread accept = new Thread(this::accept, "proxy-" + name);
    accept.setDaemon(true);
    accept.start();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        List<Endpoint> ready = endpoints.get();
        if (ready.isEmpty()) {
          client.close();
          continue;
        }
        Endpoint target = ready.get(Math.floorMod(next.getAndIncrement(), ready.size()));
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress(target.address(), target.port()), 2000);
        } catch (IOException e) {
          client.close();
          upstream.close();
          continue;
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("{}: {}", name, e.getMessage());
        }
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed: close both below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
