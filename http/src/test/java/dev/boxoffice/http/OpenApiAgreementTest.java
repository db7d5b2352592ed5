package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The route table and {@code openapi.yaml} describe exactly the same operations. */
class OpenApiAgreementTest {
  private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern OPERATION_ID = Pattern.compile("^      operationId: (\\S+)\\s*$");
  private static final Pattern METHOD =
      Pattern.compile("^    (get|put|post|delete|patch|head|options|trace):\\s*$");

  @Test
  void theDocumentDescribesExactlyTheRoutesTheServerHasUnderTheirOperationIds() {
    Set<String> routed = new LinkedHashSet<>();
    for (Route route : TestServer.standardRoutes()) {
      routed.add(route.method().text() + " " + route.template() + " " + route.operationId());
    }
    assertThat(documented()).containsExactlyInAnyOrderElementsOf(routed);
  }

  @Test
  void theDocumentIsOpenApi31AndEveryOperationHasAnId() {
    String doc = new String(OpsRoutes.openapiDocument(), StandardCharsets.UTF_8);
    assertThat(doc).startsWith("openapi: 3.1.0\n");
    long operations = doc.lines().filter(l -> METHOD.matcher(l).matches()).count();
    long ids = doc.lines().filter(l -> l.startsWith("      operationId: ")).count();
    assertThat(ids).isEqualTo(operations).isEqualTo(TestServer.standardRoutes().size());
  }

  /**
   * "METHOD /path operationId" for every operation under {@code paths:}, read from the YAML's
   * indentation.
   */
  private static Set<String> documented() {
    String doc = new String(OpsRoutes.openapiDocument(), StandardCharsets.UTF_8);
    Set<String> operations = new LinkedHashSet<>();
    boolean inPaths = false;
    String path = null;
    String method = null;
    for (String line : doc.lines().toList()) {
      if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("#")) {
        inPaths = line.equals("paths:");
        path = null;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      Matcher p = PATH.matcher(line);
      if (p.matches()) {
        path = p.group(1);
        continue;
      }
      Matcher m = METHOD.matcher(line);
      if (m.matches() && path != null) {
        method = m.group(1).toUpperCase(Locale.ROOT) + " " + path;
        continue;
      }
      Matcher id = OPERATION_ID.matcher(line);
      if (id.matches() && method != null) {
        assertThat(operations.add(method + " " + id.group(1))).as("operation listed once").isTrue();
        method = null;
      }
    }
    return operations;
  }
}
