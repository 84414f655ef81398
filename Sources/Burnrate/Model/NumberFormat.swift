import Foundation

/// The one number formatter for everything Burnrate writes.
///
/// Fifteen significant digits is what a Double always holds exactly in decimal, so the float
/// noise of `1 - 0.999` (0.0010000000000000009) disappears and `0.001` is printed; trailing zeros
/// are trimmed. The model rounds its derived constants through this same function, so the numbers
/// in rule files and the numbers the engine computes with are the same doubles.
public enum NumberFormat {
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == 0 { return "0" }
        var text = String(format: "%.15g", value)
        if let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var mantissa = String(text[..<exponentIndex])
            let exponent = String(text[exponentIndex...])
            if mantissa.contains(".") { mantissa = trimZeros(mantissa) }
            text = mantissa + exponent
        } else if text.contains(".") {
            text = trimZeros(text)
        }
        return text
    }

    /// The value rounded to what `format` prints.
    public static func rounded(_ value: Double) -> Double {
        Double(String(format: "%.15g", value)) ?? value
    }

    /// The value rounded to 15 decimal places.
    public static func roundedAbsolute(_ value: Double) -> Double {
        Double(String(format: "%.15f", value)) ?? value
    }

    private static func trimZeros(_ text: String) -> String {
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }
}
