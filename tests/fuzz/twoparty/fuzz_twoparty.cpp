// The two-party SM2 messages each side takes from its peer (docs/key-custody.md). The first byte
// picks the receiver, the rest is the message in its wire layout:
//   0  server: device key-generation message  P1 (65) ‖ R (65) ‖ z (32), session "fuzz"
//   1  server: signing request                Q1 (65) ‖ e (32)
//   2  server: decryption request             T1 (65)
//   3  device: ciphertext to decrypt          GM/T 0009 DER
//   4  device: server public share            P2 (65), combined with a fixed device share
// Every failure must be the one generic error (twoparty::failed()).

#include "fuzzsupport.h"

#include "core/crypto/twoparty.h"

namespace {

void checkGeneric(const tq::Error &error)
{
    tq::fuzz::check(error.code == tq::twoparty::failed().code, "two-party failure with another error");
}

template <typename R>
void expect(const R &result)
{
    if (!result)
        checkGeneric(result.error());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    namespace twoparty = tq::twoparty;
    const tq::Sm2 &sm2 = tq::fuzz::sm2();
    const QByteArray message = tq::fuzz::bytes(data + 1, size - 1).toByteArray();
    switch (data[0] % 5) {
    case 0: {
        twoparty::KeygenMessage peer{message.left(65), {message.mid(65, 65), message.mid(130)}};
        expect(twoparty::jointPublicKey(sm2, twoparty::Party::Server, "fuzz", tq::fuzz::serverShare(), peer));
        break;
    }
    case 1:
        expect(twoparty::serverSign(sm2, tq::fuzz::serverShare(), twoparty::SignRequest{message.left(65), message.mid(65)}));
        break;
    case 2:
        expect(twoparty::serverDecrypt(sm2, tq::fuzz::serverShare(), message));
        break;
    case 3:
        expect(twoparty::DeviceDecryption::start(sm2, message));
        break;
    case 4:
        expect(twoparty::combinedPublicKey(sm2, tq::fuzz::serverShare(), message));
        break;
    }
    return 0;
}
