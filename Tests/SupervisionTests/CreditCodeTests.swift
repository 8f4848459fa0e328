import Supervision
import Testing

/// GB 32100-2015 check characters, worked by hand: C18 = 31 − (Σ Ci·Wi mod 31), 31 → `0`.
struct CreditCodeTests {
    @Test func theWellKnownExampleIsValid() {
        // 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10
        // + Y(30)·30 + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
        #expect(CreditCode.checkCharacter(for: "91350100M000100Y4") == "3")
        #expect(CreditCode.problem(with: "91350100M000100Y43") == nil)
    }

    @Test func aLiuchengStyleCodeWithLetters() {
        // 9 + 3 + 36 + 135 + 0 + 52 + 32 + 34 + M(21)·20 + A(10)·29 + 5·25 + K(19)·13 + 0… = 1383;
        // 1383 mod 31 = 19; 31 − 19 = 12 → C.
        #expect(CreditCode.checkCharacter(for: "91450222MA5K00000") == "C")
        #expect(CreditCode.problem(with: "91450222MA5K00000C") == nil)
    }

    @Test func aRemainderOfZeroGivesTheCheckCharacterZero() {
        // 9 + 3 + 36 + 135 + 52 + 32 + 34 + 4·10 = 341 = 11·31; 31 − 0 = 31, written 0.
        #expect(CreditCode.checkCharacter(for: "91450222000000400") == "0")
        #expect(CreditCode.problem(with: "914502220000004000") == nil)
    }

    @Test func aWrongCheckCharacterIsRefusedWithTheRightOne() {
        let problem = CreditCode.problem(with: "91350100M000100Y44")
        #expect(problem?.contains("校验码应为 3") == true)
        #expect(throws: LedgerError.self) { try CreditCode.validated("91350100M000100Y44", subject: "第 2 行") }
    }

    @Test func lettersOutsideTheCodeSetAreRefused() {
        for letter in ["I", "O", "Z", "S", "V"] {
            let code = "91350100M000100" + letter + "43"
            #expect(CreditCode.problem(with: code)?.contains("第 16 位") == true, "\(letter)")
        }
    }

    @Test func lengthAndAreaCodeAreChecked() {
        #expect(CreditCode.problem(with: "91350100M000100Y4")?.contains("18 位") == true)
        #expect(CreditCode.problem(with: "9135010AM000100Y43")?.contains("行政区划码") == true)
    }

    @Test func typedCodesAreNormalized() throws {
        #expect(try CreditCode.validated(" 91350100m000100y43 ", subject: "x") == "91350100M000100Y43")
    }
}
