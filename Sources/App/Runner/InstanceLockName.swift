/// The name of the single-instance lock for (adapter, bucket, prefix): two runs that would write
/// the same snapshots never overlap; different agents or buckets run side by side. The name is
/// safe as a file name (`[A-Za-z0-9._-]` kept, anything else `%XX`) and the parts are joined with
/// `+`, which is always escaped inside a part, so different triples never collide.
public enum InstanceLockName {
    public static func make(agentID: String, bucket: String, prefix: String) -> String {
        [agentID, bucket, prefix].map(escape).joined(separator: "+")
    }

    static func escape(_ part: String) -> String {
        var out = ""
        for byte in part.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: ".") where !out.isEmpty:
                out.append(".")
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
