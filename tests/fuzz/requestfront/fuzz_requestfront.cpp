// The server's first reader of every connection (RequestFront), with small limits so that every
// refusal is reachable. The first two bytes choose where the rest is cut in two: the verdict and
// the count of whole requests must not depend on how the bytes arrive, a refusal is final, and
// the count never goes back.

#include "fuzzsupport.h"

#include "server/http/requestfront.h"

namespace {

using tq::server::RequestFront;
using tq::server::RequestLimits;

constexpr RequestLimits SmallLimits{.maxHeadBytes = 256, .maxBodyBytes = 1024, .maxChunkFramingBytes = 128};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    const QByteArrayView stream = tq::fuzz::bytes(data + 2, size - 2);
    const qsizetype cut = stream.isEmpty() ? 0 : ((qsizetype(data[0]) << 8) | data[1]) % (stream.size() + 1);

    RequestFront whole(SmallLimits);
    const RequestFront::Verdict once = whole.feed(stream);

    RequestFront split(SmallLimits);
    const RequestFront::Verdict first = split.feed(stream.first(cut));
    const qint64 completedAfterFirst = split.completedRequests();
    const RequestFront::Verdict second = split.feed(stream.sliced(cut));
    tq::fuzz::check(split.completedRequests() >= completedAfterFirst, "completed requests went back");
    if (first != RequestFront::Verdict::GoOn)
        tq::fuzz::check(second == first, "a refusal was not final");
    tq::fuzz::check(second == once, "the verdict depends on how the bytes arrive");
    if (once == RequestFront::Verdict::GoOn)
        tq::fuzz::check(split.completedRequests() == whole.completedRequests(),
                        "the count of whole requests depends on how the bytes arrive");
    tq::fuzz::check((RequestFront::httpStatus(once) == 0) == (once == RequestFront::Verdict::GoOn),
                    "a refusal without a status");
    tq::fuzz::check(whole.feed("GET / HTTP/1.1\r\n\r\n") == once || once == RequestFront::Verdict::GoOn,
                    "a refusal was not final");
    return 0;
}
