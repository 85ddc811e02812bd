import AgentBackupInfrastructure
import Testing

@Suite("Multipart plan")
struct MultipartPlanTests {
    private let mib: Int64 = 1024 * 1024

    @Test func threeSixMiBParts() {
        let plan = MultipartPlan(totalSize: 18 * mib, partSize: 6 * mib)
        #expect(plan.parts.map(\.number) == [1, 2, 3])
        #expect(plan.parts.map(\.offset) == [0, 6 * mib, 12 * mib])
        #expect(plan.parts.allSatisfy { $0.length == 6 * mib })
    }

    @Test func lastPartTakesTheRemainder() {
        let plan = MultipartPlan(totalSize: 13 * mib + 5, partSize: 6 * mib)
        #expect(plan.parts.map(\.length) == [6 * mib, 6 * mib, mib + 5])
        #expect(plan.parts.reduce(0) { $0 + $1.length } == 13 * mib + 5)
    }

    @Test func partSizeIsClampedToTheS3AndB2Minimum() {
        let plan = MultipartPlan(totalSize: 12 * mib, partSize: 1024)
        #expect(plan.partSize == 5 * mib)
        #expect(plan.parts.count == 3)
    }

    @Test func neverMoreThanTenThousandParts() {
        let total: Int64 = 200 * 1024 * mib  // 200 GiB at 5 MiB would be 40,960 parts
        let plan = MultipartPlan(totalSize: total, partSize: 5 * mib)
        #expect(plan.parts.count <= 10_000)
        #expect(plan.partSize % mib == 0)
        #expect(plan.parts.last.map { $0.offset + $0.length } == total)
    }
}
