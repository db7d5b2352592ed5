package dev.boxoffice.app;

import dev.boxoffice.store.distributed.DistributedStore;
import dev.boxoffice.store.distributed.ServiceUnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code boxoffice replay-orders}: puts the flash sale's orders that no worker could settle (its
 * dead-letter queue) back in the order pipeline's queue, once the cause is mended.
 */
@Command(
    name = "replay-orders",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    versionProvider = BoxofficeCommand.Version.class,
    description = {
      "Moves the orders a distributed deployment's workers could not settle (the",
      "dead-letter queue NAME.orders.dead on RabbitMQ) back to its order queue",
      "NAME.orders, each confirmed there before it leaves the dead letters.",
      "Settling is idempotent: an order replayed twice is placed once."
    })
final class ReplayOrdersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rabbitmq",
      required = true,
      paramLabel = "URL",
      description = "RabbitMQ of the deployment: amqp://user:pass@host:port.")
  String rabbitmq;

  @Option(
      names = "--deployment",
      defaultValue = DistributedStore.DEFAULT_NAME,
      paramLabel = "NAME",
      description = "The deployment's name, the prefix of its queues.")
  String deployment;

  @Override
  public Integer call() {
    int moved;
    try {
      moved = DistributedStore.replayDeadLetters(rabbitmq, deployment);
    } catch (IllegalArgumentException | ServiceUnavailableException e) {
      throw new Config.ConfigException(e.getMessage());
    }
    spec.commandLine()
        .getOut()
        .printf("moved %,d dead-lettered orders back to %s.orders%n", moved, deployment);
    return 0;
  }
}
