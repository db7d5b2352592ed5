package dev.boxoffice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.yaml} is a valid YAML document of OpenAPI 3.1 whose references all resolve, and it
 * describes exactly the routes the server has, under their operationIds.
 */
class OpenApiAgreementTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private static JsonNode document() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(OpsRoutes.openapiDocument());
    } catch (IOException e) {
      throw new AssertionError("openapi.yaml is not valid YAML: " + e.getMessage(), e);
    }
  }

  @Test
  void theDocumentDescribesExactlyTheRoutesTheServerHasUnderTheirOperationIds() {
    Set<String> routed = new LinkedHashSet<>();
    for (Route route : TestServer.standardRoutes()) {
      routed.add(route.method().text() + " " + route.template() + " " + route.operationId());
    }
    assertThat(documented()).containsExactlyInAnyOrderElementsOf(routed);
  }

  @Test
  void theDocumentIsOpenApi31AndEveryReferenceResolves() {
    JsonNode doc = document();
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
    }
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject() && node.has("$ref")) {
      refs.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }

  /** "METHOD /path operationId" for every operation under {@code paths}, each with an id. */
  private static Set<String> documented() {
    Set<String> operations = new LinkedHashSet<>();
    document()
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            String id = op.getValue().path("operationId").asText("");
                            assertThat(id).as(op.getKey() + " " + path.getKey()).isNotEmpty();
                            assertThat(
                                    operations.add(
                                        op.getKey().toUpperCase(Locale.ROOT)
                                            + " "
                                            + path.getKey()
                                            + " "
                                            + id))
                                .isTrue();
                          }
                        }));
    return operations;
  }
}
