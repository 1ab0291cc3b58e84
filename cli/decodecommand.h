#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli decode [--json] FILE...`: decodes the QR codes in image files with the
/// scanner's QrDecoder. With --json, prints one compact JSON object per file and line,
/// `{"file": PATH, "texts": [TEXT...]}`; otherwise the texts, one per line. Returns 0 when
/// every file could be read (found codes or not), 1 when one could not (message on
/// stderr, the other files are still decoded), 2 on a usage error.
int runDecode(const QStringList &arguments);

} // namespace tq::cli
