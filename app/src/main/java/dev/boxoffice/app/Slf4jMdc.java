package dev.boxoffice.app;

import io.helidon.logging.common.spi.MdcProvider;
import org.slf4j.MDC;

/**
 * Lets Helidon carry the SLF4J MDC (the request id) across the threads it hands work to. Found by
 * the service loader. Stateless; the MDC itself is per thread.
 */
public final class Slf4jMdc implements MdcProvider {
  public Slf4jMdc() {}

  @Override
  public void put(String key, String value) {
    MDC.put(key, value);
  }

  @Override
  public void remove(String key) {
    MDC.remove(key);
  }

  @Override
  public void clear() {
    MDC.clear();
  }

  @Override
  public String get(String key) {
    return MDC.get(key);
  }
}
