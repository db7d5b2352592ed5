package dev.boxoffice.app;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a share of things: {@code all}, {@code off}, a percentage ({@code 1%}) or a fraction from 0
 * to 1 ({@code 0.01}). Stateless.
 */
final class ShareConverter implements ITypeConverter<Double> {
  @Override
  public Double convert(String value) {
    String text = value.strip();
    if (text.equalsIgnoreCase("all")) {
      return 1.0;
    }
    if (text.equalsIgnoreCase("off")) {
      return 0.0;
    }
    try {
      double share =
          text.endsWith("%")
              ? Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100
              : Double.parseDouble(text);
      if (share >= 0 && share <= 1) {
        return share;
      }
    } catch (NumberFormatException e) {
      // the message below says it all
    }
    throw new TypeConversionException(
        "'" + value + "' is not a share; write all, off, a percentage (1%) or 0 to 1 (0.01)");
  }
}
