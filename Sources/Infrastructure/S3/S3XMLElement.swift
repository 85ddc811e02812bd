import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: the few S3 responses we read (listings, errors, upload ids) are small,
/// so a tree built by Foundation's `XMLParser` (a real parser: entities such as `&#34;` and
/// `&amp;` decoded, CDATA handled) is simpler and safer than scanning text.
struct S3XMLElement: Sendable {
    var name: String
    var text: String
    var children: [S3XMLElement]

    /// The first child called `name`.
    func child(_ name: String) -> S3XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child called `name`, in document order.
    func children(_ name: String) -> [S3XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child called `name`.
    func text(of name: String) -> String? {
        child(name)?.text
    }

    /// Parses a document; nil when it is not well-formed XML, not UTF-8, or holds markup S3
    /// never sends (see `hasUnsupportedMarkup`).
    static func parse(_ bytes: [UInt8]) -> S3XMLElement? {
        // S3 answers are UTF-8. Anything else is refused before Foundation sees it: on Linux,
        // libxml2 hands XMLParser the raw bytes of an element name before reporting that they
        // are not UTF-8, and XMLParser then traps (found by fuzzing: Fuzz/crashes/list-xml).
        guard String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes), !hasUnsupportedMarkup(bytes) else {
            return nil
        }
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// Markup no S3 answer holds and Foundation's XMLParser on Linux mishandles: a processing
    /// instruction after the XML declaration (`<?x?>` makes XMLParser read a null pointer; found
    /// by fuzzing) and a document type declaration (entity definitions).
    static func hasUnsupportedMarkup(_ bytes: [UInt8]) -> Bool {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // The declaration is `<?xml` and white space; `<?xmlfoo?>` is a processing instruction.
        if bytes[start...].starts(with: Array("<?xml".utf8)), bytes.count > start + 5,
           [0x20, 0x09, 0x0D, 0x0A].contains(bytes[start + 5]) {
            guard let end = firstIndex(of: Array("?>".utf8), in: bytes, from: start) else { return true }
            // Only what a declaration holds (`version="1.0" encoding="UTF-8"`): `<?xml 0" d><?xml?>`
            // hid a processing instruction inside a malformed declaration (found by fuzzing).
            guard bytes[(start + 5)..<end].allSatisfy(isDeclarationByte) else { return true }
            start = end + 2
        }
        return firstIndex(of: Array("<?".utf8), in: bytes, from: start) != nil
            || firstIndex(of: Array("<!DOCTYPE".utf8), in: bytes, from: start) != nil
    }

    /// Letters, digits, white space and `="'._-:`: the bytes of an XML declaration's attributes.
    private static func isDeclarationByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array(" \t\r\n=\"'._-:".utf8).contains(byte)
        }
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        return (start...(bytes.count - needle.count)).first { i in
            bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle)
        }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [S3XMLElement] = []
        var root: S3XMLElement?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            stack.append(S3XMLElement(name: Self.localName(elementName), text: "", children: []))
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        /// `s3:Key` → `Key`, in case a server uses a namespace prefix.
        private static func localName(_ name: String) -> String {
            if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
            return name
        }
    }
}

/// Escaping for the XML bodies we send (DeleteObjects keys, multipart ETags).
enum S3XMLEscape {
    /// Escapes `& < > " '`; refuses characters XML 1.0 cannot carry at all (most control
    /// characters), which no S3 server could accept in a request body either.
    static func escape(_ text: String) -> String? {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { return nil }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
