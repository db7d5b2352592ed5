package dev.boxoffice.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;

/**
 * Strict JSON in, compact JSON out. Request bodies are parsed from bytes by readers built once, so
 * every failure is caught here and becomes a 400 problem naming the field: unknown fields, wrong
 * types (no coercion of strings to numbers or floats to ints), numbers out of range, duplicate
 * keys, trailing content, bad UTF-8.
 *
 * <p>Thread policy: immutable after class initialisation; Jackson's readers and writers are
 * thread-safe.
 */
public final class Json {
  static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter WRITER = MAPPER.writer();

  private Json() {}

  private static ObjectMapper mapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(
                new SimpleModule("boxoffice")
                    .addSerializer(Instant.class, ToStringSerializer.instance))
            .build();
    // No silent conversions: "5" is not a number, 5 is not a string, 1.5 is not an integer.
    fail(
        mapper,
        LogicalType.Textual,
        CoercionInputShape.Integer,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean);
    fail(
        mapper,
        LogicalType.Integer,
        CoercionInputShape.String,
        CoercionInputShape.Float,
        CoercionInputShape.Boolean,
        CoercionInputShape.EmptyString);
    fail(
        mapper,
        LogicalType.Float,
        CoercionInputShape.String,
        CoercionInputShape.Boolean,
        CoercionInputShape.EmptyString);
    fail(
        mapper,
        LogicalType.Collection,
        CoercionInputShape.String,
        CoercionInputShape.EmptyString,
        CoercionInputShape.Integer);
    fail(
        mapper,
        LogicalType.POJO,
        CoercionInputShape.String,
        CoercionInputShape.EmptyString,
        CoercionInputShape.Integer,
        CoercionInputShape.EmptyArray);
    return mapper;
  }

  private static void fail(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
    var config = mapper.coercionConfigFor(type);
    for (CoercionInputShape shape : shapes) {
      config.setCoercion(shape, CoercionAction.Fail);
    }
  }

  /** A reader for request bodies of this type; build it once per type, as a constant. */
  public static <T> Body<T> body(Class<T> type) {
    return new Body<>(MAPPER.readerFor(type), type);
  }

  /** Reads request bodies of one type; see {@link Json#read}. Immutable and thread-safe. */
  public static final class Body<T> {
    private final ObjectReader reader;
    private final Class<T> type;

    private Body(ObjectReader reader, Class<T> type) {
      this.reader = reader;
      this.type = type;
    }

    T read(byte[] body) {
      return type.cast(Json.read(reader, body));
    }

    /**
     * Reads a member of a body already parsed, such as a sale mode's section: problems name their
     * fields under {@code at}, as in {@code lottery.waitlistSize}.
     */
    public T read(JsonNode member, String at) {
      if (member == null || !member.isObject()) {
        throw Problem.invalidField(at, "must be an object").raise();
      }
      try {
        return type.cast(reader.readValue(member));
      } catch (UnrecognizedPropertyException e) {
        throw Problem.invalidField(at + "." + path(e), "is not a known field").raise();
      } catch (JsonMappingException e) {
        String field = path(e);
        throw mappingProblem(e, field.isEmpty() ? at : at + "." + field).raise();
      } catch (IOException e) {
        throw Problem.invalidField(at, "is invalid").raise();
      }
    }
  }

  /** Serialises a response body. */
  static byte[] write(Object value) {
    try {
      return WRITER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a request body, or throws a {@link ProblemException} saying what is wrong with it. Never
   * returns null: an empty body or a JSON {@code null} is a problem too.
   */
  static Object read(ObjectReader reader, byte[] body) {
    if (body.length == 0) {
      throw ProblemType.MALFORMED_BODY.detail("a JSON object is required").raise();
    }
    Object value;
    try {
      value = reader.readValue(body);
    } catch (UnrecognizedPropertyException e) {
      throw Problem.invalidField(path(e), "is not a known field").raise();
    } catch (JsonMappingException e) {
      throw mappingProblem(e, path(e)).raise();
    } catch (InputCoercionException e) {
      throw ProblemType.INVALID_REQUEST.detail("a number is out of range").raise();
    } catch (JacksonException e) {
      throw ProblemType.MALFORMED_BODY.detail(parseDetail(e)).raise();
    } catch (IOException e) {
      throw ProblemType.MALFORMED_BODY.detail("could not read the body").raise();
    }
    if (value == null) {
      throw ProblemType.MALFORMED_BODY.detail("a JSON object is required").raise();
    }
    return value;
  }

  /** A failure while binding: a syntax error met inside a member, or a member of the wrong kind. */
  private static Problem mappingProblem(JsonMappingException e, String path) {
    Throwable cause = e.getCause();
    if (cause instanceof InputCoercionException && !path.isEmpty()) {
      return Problem.invalidField(path, "is out of range");
    }
    if (cause instanceof StreamReadException read) {
      return ProblemType.MALFORMED_BODY.detail(parseDetail(read));
    }
    String message = e.getOriginalMessage();
    if (message != null && message.contains("end-of-input")) {
      return ProblemType.MALFORMED_BODY.detail("the JSON ends too early");
    }
    if (path.isEmpty()) {
      return ProblemType.MALFORMED_BODY.detail("must be a single JSON object");
    }
    if (e instanceof MismatchedInputException mismatch) {
      return Problem.invalidField(path, expected(mismatch.getTargetType()));
    }
    return Problem.invalidField(path, "has the wrong type");
  }

  private static String parseDetail(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.contains("UTF-8")) {
      return "the body is not valid UTF-8";
    }
    if (message != null && message.contains("end-of-input")) {
      return "the JSON ends too early";
    }
    if (message != null && message.startsWith("Duplicate field")) {
      return "a field appears twice";
    }
    if (e.getLocation() != null) {
      return "not valid JSON at line "
          + e.getLocation().getLineNr()
          + ", column "
          + e.getLocation().getColumnNr();
    }
    return "not valid JSON";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "has the wrong type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "must be an integer";
    }
    if (type == String.class) {
      return "must be a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be an array";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be a boolean";
    }
    return "must be an object";
  }

  /** The JSON path of the failure, such as {@code ticketTypes[0].capacity}. */
  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }
}
