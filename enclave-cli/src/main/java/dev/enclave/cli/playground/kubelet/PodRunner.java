package dev.enclave.cli.playground.kubelet;

import dev.enclave.testbed.Components;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of the tenant control-plane pods of one host cluster: once the host's scheduler has
 * bound such a pod to a (KWOK) node, the runner gives it a loopback address, fills its volumes,
 * starts each container as a process of the matching upstream or Enclave program, probes and
 * restarts them, writes the pod's status, and stops them by pid when the pod is deleted or the
 * runner closes. KWOK, told to leave these pods alone, keeps running every other pod. For the
 * Services of those pods it is kube-proxy too: a proxy per Service port on a loopback address the
 * {@link NameTable} gives the Service's DNS names.
 */
public final class PodRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodRunner.class);

  /** The labels of the pods this runner is the kubelet of; KWOK is told to leave them alone. */
  public static final Map<String, String> RUNS =
      Map.of(
          "app.kubernetes.io/name", "enclave-tenant-cluster",
          "app.kubernetes.io/component", "control-plane");

  private static final Duration GRACE = Duration.ofSeconds(10);

  private final KubernetesClient host;
  private final Executables executables;
  private final LoopbackAddresses addresses;
  private final NameTable names;
  private final Function<Pod, Map<String, String>> podNames;
  private final Rewrites rewrites;
  private final PodVolumes volumes;
  private final Path dir;
  private final Map<String, RunnerPod> pods = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> ticks = new ConcurrentHashMap<>();
  private final Map<String, List<ServiceProxy>> proxies = new ConcurrentHashMap<>();
  private final Map<String, String> serviceAddresses = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop = Executors.newScheduledThreadPool(4, daemon("pod-runner"));
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  public PodRunner(
      KubernetesClient host,
      Components components,
      LoopbackAddresses addresses,
      NameTable names,
      Function<Pod, Map<String, String>> podNames,
      Rewrites rewrites,
      Path dir) {
    this.host = host;
    this.podNames = podNames;
    this.executables = new Executables(components, dev.enclave.testbed.Testbed.repoRoot());
    this.addresses = addresses;
    this.names = names;
    this.rewrites = rewrites;
    this.dir = dir;
    this.volumes = new PodVolumes(host, dir.resolve("claims"));
  }

  /** Starts watching the host's control-plane pods and their Services. */
  public PodRunner start() {
    informers.add(
        host.services().inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "enclave")
            .inform(handler(this::service, this::serviceGone), 0));
    informers.add(
        host.pods().inAnyNamespace().withLabels(RUNS).inform(handler(this::pod, this::podGone), 0));
    return this;
  }

  private static <T> ResourceEventHandler<T> handler(
      java.util.function.Consumer<T> upsert, java.util.function.Consumer<T> gone) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        upsert.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        upsert.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        gone.accept(obj);
      }
    };
  }

  private static String key(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private synchronized void pod(Pod pod) {
    if (closed || pod.getSpec().getNodeName() == null) {
      return;
    }
    String key = key(pod);
    RunnerPod known = pods.get(key);
    if (known != null && !known.pod().getMetadata().getUid().equals(pod.getMetadata().getUid())) {
      return; // the old pod of this name is still stopping; its deletion brings the new one
    }
    if (known == null) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        forceDelete(pod);
        return;
      }
      String address = addresses.next(LoopbackAddresses.Range.PODS);
      Path podDir = dir.resolve("pods").resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName());
      known = new RunnerPod(pod, host, executables, rewrites, names, podNames, volumes, podDir, address);
      pods.put(key, known);
      for (String name : known.ownNames()) {
        if (name.contains(".")) {
          names.put(name, address);
        }
      }
      LOG.info("{}: runs on {} at {}", key, pod.getSpec().getNodeName(), address);
      RunnerPod started = known;
      ticks.put(key, loop.scheduleWithFixedDelay(() -> tick(started), 0, RunnerPod.NOT_READY_PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
      return;
    }
    known.update(pod);
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(key, known, true);
    }
  }

  private void tick(RunnerPod pod) {
    try {
      pod.tick();
    } catch (RuntimeException e) {
      LOG.warn("{}/{}: {}", pod.namespace(), pod.name(), e.toString());
    }
  }

  private synchronized void podGone(Pod pod) {
    RunnerPod known = pods.get(key(pod));
    if (known != null && known.pod().getMetadata().getUid().equals(pod.getMetadata().getUid())) {
      terminate(key(pod), known, false);
    }
  }

  /** Stops the pod's processes off the informer's thread, then confirms the deletion. */
  private void terminate(String key, RunnerPod pod, boolean confirm) {
    ScheduledFuture<?> tick = ticks.remove(key);
    if (tick == null) {
      return; // already stopping
    }
    tick.cancel(false);
    loop.execute(
        () -> {
          pod.stop(GRACE);
          for (String name : pod.ownNames()) {
            if (name.contains(".")) {
              names.remove(name, pod.address());
            }
          }
          pods.remove(key, pod);
          LOG.info("{}: stopped", key);
          if (confirm) {
            forceDelete(pod.pod());
          }
        });
  }

  private void forceDelete(Pod pod) {
    try {
      host.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("{}: cannot confirm deletion: {}", key(pod), e.getMessage());
    }
  }

  private synchronized void service(Service service) {
    Map<String, String> selector = service.getSpec().getSelector();
    if (closed || selector == null || !selector.entrySet().containsAll(RUNS.entrySet())
        || "None".equals(service.getSpec().getClusterIP()) || proxies.containsKey(key(service))) {
      return; // headless, or selecting pods KWOK runs: nothing listens behind it on this machine
    }
    String key = key(service);
    String address = serviceAddresses.computeIfAbsent(key, k -> addresses.next(LoopbackAddresses.Range.SERVICES));
    List<ServiceProxy> started = new ArrayList<>();
    for (ServicePort port : service.getSpec().getPorts()) {
      try {
        started.add(new ServiceProxy(key + ":" + port.getPort(), address, port.getPort(), () -> endpoints(service, port)));
      } catch (IOException e) {
        LOG.warn("{}: cannot listen on {}:{}: {}", key, address, port.getPort(), e.getMessage());
      }
    }
    proxies.put(key, started);
    for (String name : serviceNames(service)) {
      names.put(name, address);
    }
  }

  private synchronized void serviceGone(Service service) {
    List<ServiceProxy> gone = proxies.remove(key(service));
    if (gone != null) {
      gone.forEach(ServiceProxy::close);
      // Another host's runner may serve the same name now (a tenant moved there): leave it.
      String address = serviceAddresses.get(key(service));
      serviceNames(service).forEach(n -> names.remove(n, address));
    }
  }

  /** {@code <svc>.<ns>.svc}, its {@code .cluster.local} form and {@code <svc>.<ns>}. */
  public static List<String> serviceNames(Service service) {
    String base = service.getMetadata().getName() + "." + service.getMetadata().getNamespace();
    return List.of(base + ".svc", base + ".svc.cluster.local", base);
  }

  private List<ServiceProxy.Endpoint> endpoints(Service service, ServicePort port) {
    List<ServiceProxy.Endpoint> out = new ArrayList<>();
    Map<String, String> selector = service.getSpec().getSelector();
    for (RunnerPod pod : pods.values()) {
      Pod p = pod.pod();
      Map<String, String> labels = p.getMetadata().getLabels();
      if (!p.getMetadata().getNamespace().equals(service.getMetadata().getNamespace())
          || labels == null || !labels.entrySet().containsAll(selector.entrySet())
          || !pod.ready()) {
        continue;
      }
      Integer target = targetPort(port, p);
      if (target != null) {
        out.add(new ServiceProxy.Endpoint(pod.address(), target));
      }
    }
    return out;
  }

  private static Integer targetPort(ServicePort port, Pod pod) {
    IntOrString target = port.getTargetPort();
    if (target == null) {
      return port.getPort();
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
    if (pod.getSpec().getInitContainers() != null) {
      all.addAll(pod.getSpec().getInitContainers());
    }
    for (Container c : all) {
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (target.getStrVal().equals(p.getName())) {
            return p.getContainerPort();
          }
        }
      }
    }
    return null;
  }

  /** Pids of the processes the runner runs now for the pods of {@code namespace}. */
  public List<Long> pids(String namespace) {
    List<Long> out = new ArrayList<>();
    pods.values().stream().filter(p -> p.namespace().equals(namespace)).forEach(p -> out.addAll(p.pids()));
    return out;
  }

  /** Pids of every process the runner runs now. */
  public List<Long> pids() {
    List<Long> out = new ArrayList<>();
    pods.values().forEach(p -> out.addAll(p.pids()));
    return out;
  }

  /** The address of the Service {@code namespace/name}, once it has a proxy. */
  public String serviceAddress(String namespace, String name) {
    return serviceAddresses.get(namespace + "/" + name);
  }

  /** Stops every process it started, by pid, and every proxy. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    informers.forEach(SharedIndexInformer::close);
    ticks.values().forEach(t -> t.cancel(false));
    List<Thread> stopping = new ArrayList<>();
    for (RunnerPod pod : pods.values()) {
      Thread t = new Thread(() -> pod.stop(GRACE), "pod-stop");
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join(GRACE.toMillis() + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    proxies.values().forEach(list -> list.forEach(ServiceProxy::close));
    loop.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
