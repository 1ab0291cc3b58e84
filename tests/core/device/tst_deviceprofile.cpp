// DeviceProfile: one folder per account, the move from the single-account layout, and kiosk
// sessions that leave nothing of a person in the app's persistent directories, even when killed.
#include "core/device/deviceprofile.h"
#include "core/device/kioskdirectory.h"
#include "core/keys/localkeycustody.h"
#include "core/common/privatefile.h"
#include "core/keys/twopartykeycustody.h"
#include "testbackend.h"
#include "testparties.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace tq;
using tq::test::personProof;
using tq::test::waitFor;

namespace {

constexpr QByteArrayView Pin = "246813";
const QString Password = QStringLiteral("Tongqian2026");
// A person no other test uses, so that finding these anywhere means this test wrote them.
const QString KioskName = QStringLiteral("欧阳明远");
const QString KioskIdNumber = QStringLiteral("310115197511034566");

/// The sorted ids of the custody's keys (a failed listing fails the test).
QStringList keyIds(DeviceKeyCustody &custody)
{
    QStringList ids;
    for (const KeyInfo &key : test::listKeys(custody))
        ids.append(key.id);
    ids.sort();
    return ids;
}

QStringList certificateIds(const CertificateService &certificates)
{
    QStringList ids;
    for (const CertificateRecord &r : certificates.installed())
        ids.append(r.id);
    ids.sort();
    return ids;
}

Error applyFor(DeviceProfile &profile, const ApplicationProof &proof = personProof())
{
    return waitFor(profile.certificates()->apply(KeyAlgorithm::Sm2, proof, SecureBytes(Pin.toByteArray())), 30000);
}

Error verifyIdentity(AccountSession &session, const QString &name, const QString &idNumber)
{
    IdentityService identity(&session);
    return waitFor(identity.verify(name, idNumber));
}

/// The app's persistent directories, as the app and the CLI use them.
QStringList persistentDirectories()
{
    QStringList dirs;
    for (auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppLocalDataLocation,
                          QStandardPaths::AppConfigLocation, QStandardPaths::ConfigLocation,
                          QStandardPaths::CacheLocation})
        dirs.append(QStandardPaths::writableLocation(location));
    dirs.append(QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                    .filePath(QStringLiteral("Tongqian")));
    dirs.append(DeviceProfile::defaultDataDir());
    dirs.removeDuplicates();
    return dirs;
}

/// Every file under the persistent directories with its size and modification time, so that
/// a check can look at what changed during a test only (other programs share these folders).
QHash<QString, QString> snapshot()
{
    QHash<QString, QString> files;
    for (const QString &dir : persistentDirectories()) {
        QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo file(it.next());
            files.insert(file.absoluteFilePath(), QString::number(file.size()) + u'@'
                                                      + file.lastModified().toString(Qt::ISODateWithMs));
        }
    }
    return files;
}

/// The files written or changed since `before` that name the person or hold key material:
/// key files of either custody, device keys, certificate indexes, token files, or any file or
/// file name containing one of `needles`.
QStringList traces(const QHash<QString, QString> &before, const QStringList &needles)
{
    const QStringList keyFiles{LocalKeyCustody::deviceKeyName(), TwoPartyKeyCustody::deviceKeyName(),
                               QStringLiteral("certificates.json"), QStringLiteral("session.tqs"),
                               QStringLiteral("current-account")};
    QStringList found;
    const QHash<QString, QString> after = snapshot();
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        if (before.value(it.key()) == it.value())
            continue;
        const QString path = it.key();
        const QString name = QFileInfo(path).fileName();
        bool bad = name.endsWith(u".tqkey") || name.endsWith(u".tq2p") || keyFiles.contains(name);
        QFile file(path);
        const QByteArray content = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        for (const QString &needle : needles) {
            if (path.contains(needle) || content.contains(needle.toUtf8()))
                bad = true;
        }
        if (bad)
            found.append(path);
    }
    return found;
}

// The other half of killedKioskLeavesNoTrace: a kiosk session that logs in, applies for a
// certificate, says where its folder is and waits to be killed.
int runKioskHelper(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Tongqian"));
    QCoreApplication::setApplicationName(QStringLiteral("Tongqian"));
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    KioskDirectory kiosk;
    if (!kiosk.isValid())
        return 3;
    DeviceProfile::Options options = test::testProfileOptions(kiosk.path(), QUrl(args.at(2)));
    options.persistence = DeviceProfile::Persistence::Kiosk;
    DeviceProfile profile(std::move(options));
    if (!waitFor(profile.session()->loginWithPassword(args.at(3), Password)).isNull())
        return 4;
    if (!applyFor(profile, personProof(KioskName, KioskIdNumber)).isNull())
        return 5;
    std::printf("ready %s\n", qPrintable(kiosk.path()));
    std::fflush(stdout);
    return app.exec();
}

} // namespace

class TestDeviceProfile : public QObject {
    Q_OBJECT

    test::TestBackend m_backend;
    int m_phones = 0;

    QString newPhone() { return QStringLiteral("1368800%1").arg(++m_phones, 4, 10, QLatin1Char('0')); }

    std::unique_ptr<DeviceProfile> open(const QString &dir, DeviceProfile::Persistence persistence
                                                            = DeviceProfile::Persistence::Desktop)
    {
        DeviceProfile::Options options = test::testProfileOptions(dir, m_backend.url());
        options.persistence = persistence;
        return std::make_unique<DeviceProfile>(std::move(options));
    }

    /// Registers a new account through `profile`'s session and verifies its person.
    QString registerVerified(DeviceProfile &profile, const QString &name = QStringLiteral("张三"),
                             const QString &idNumber = QStringLiteral("11010519491231002X"))
    {
        const QString phone = newPhone();
        if (Error e = m_backend.registerAccount(*profile.session(), phone, Password); !e.isNull()) {
            qWarning("registration failed: %s", qPrintable(e.code));
            return {};
        }
        if (Error e = verifyIdentity(*profile.session(), name, idNumber); !e.isNull()) {
            qWarning("verification failed: %s", qPrintable(e.code));
            return {};
        }
        return phone;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // The app's names: the directories checked below are the app's.
        QCoreApplication::setOrganizationName(QStringLiteral("Tongqian"));
        QCoreApplication::setApplicationName(QStringLiteral("Tongqian"));
        QVERIFY(m_backend.start());
    }

    void accountsSeeOnlyTheirOwn()
    {
        QTemporaryDir dir;
        auto profile = open(dir.path());
        QVERIFY(profile->certificates()->installed().isEmpty());

        // Account A applies for a pair and logs out.
        const QString phoneA = registerVerified(*profile);
        QVERIFY(!phoneA.isEmpty());
        const QString idA = profile->session()->account().id;
        QCOMPARE(profile->accountId(), idA);
        QVERIFY(applyFor(*profile).isNull());
        const QStringList certificatesA = certificateIds(*profile->certificates());
        const QStringList keysA = keyIds(*profile->custody());
        QCOMPARE(certificatesA.size(), 2);
        QCOMPARE(keysA.size(), 2);
        QSignalSpy changed(profile->certificates(), &CertificateService::installedChanged);
        waitFor(profile->session()->logout());
        QVERIFY(profile->accountId().isEmpty());
        QVERIFY(changed.count() >= 1);
        QVERIFY(profile->certificates()->installed().isEmpty());
        QVERIFY(keyIds(*profile->custody()).isEmpty());

        // Account B logs in on the same device: none of A's certificates or keys.
        const QString phoneB = registerVerified(*profile);
        QVERIFY(!phoneB.isEmpty());
        QCOMPARE(profile->accountId(), profile->session()->account().id);
        QVERIFY(profile->certificates()->installed().isEmpty());
        QVERIFY(keyIds(*profile->custody()).isEmpty());
        QVERIFY(!profile->certificates()->find(certificatesA.first()));
        QVERIFY(applyFor(*profile).isNull());
        const QStringList certificatesB = certificateIds(*profile->certificates());
        QCOMPARE(certificatesB.size(), 2);
        QCOMPARE(keyIds(*profile->custody()).size(), 2);
        waitFor(profile->session()->logout());

        // A logs in again and sees its own, and only its own.
        QVERIFY(waitFor(profile->session()->loginWithPassword(phoneA, Password)).isNull());
        QCOMPARE(certificateIds(*profile->certificates()), certificatesA);
        QCOMPARE(keyIds(*profile->custody()), keysA);

        // Folders are named by the server's account ids, never by a phone number.
        QStringList folders = QDir(dir.filePath(QStringLiteral("accounts"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        folders.sort();
        QStringList ids{idA};
        waitFor(profile->session()->logout());
        QVERIFY(waitFor(profile->session()->loginWithPassword(phoneB, Password)).isNull());
        ids.append(profile->session()->account().id);
        ids.sort();
        QCOMPARE(folders, ids);
        QCOMPARE(certificateIds(*profile->certificates()), certificatesB);
    }

    // What tongqian-cli sees without asking the server: the last logged-in account's files,
    // until that account logs out.
    void selectionOutlivesTheProcess()
    {
        QTemporaryDir dir;
        QStringList certificates;
        {
            auto profile = open(dir.path());
            QVERIFY(!registerVerified(*profile).isEmpty());
            QVERIFY(applyFor(*profile).isNull());
            certificates = certificateIds(*profile->certificates());
        }
        {
            auto again = open(dir.path());
            QCOMPARE(certificateIds(*again->certificates()), certificates);
            QCOMPARE(keyIds(*again->custody()).size(), 2);
            QVERIFY(waitFor(again->session()->restore()).isNull());
            QVERIFY(again->session()->isLoggedIn());
            waitFor(again->session()->logout());
        }
        auto afterLogout = open(dir.path());
        QVERIFY(afterLogout->accountId().isEmpty());
        QVERIFY(afterLogout->certificates()->installed().isEmpty());
        QVERIFY(keyIds(*afterLogout->custody()).isEmpty());

        // A damaged remembered id still selects a folder of its own below accounts/.
        for (const QByteArray &damaged : {QByteArray(".."), QByteArray("../keys"), QByteArray("a/b")}) {
            QVERIFY(PrivateFile::write(dir.filePath(QStringLiteral("current-account")), damaged));
            auto reopened = open(dir.path());
            QCOMPARE(QFileInfo(reopened->accountDir()).absolutePath(),
                     QFileInfo(dir.filePath(QStringLiteral("accounts"))).absoluteFilePath());
            QVERIFY(reopened->certificates()->installed().isEmpty());
        }
    }

    // Keys and index of a data directory from before account folders belong to the account
    // that logs in next (the one whose stored session the app restores).
    void singleAccountLayoutMovesToTheNextAccount()
    {
        QTemporaryDir dir;
        QString legacyKey;
        QStringList legacyCertificates;
        {
            // Make a pair the way the single-account layout kept it: at the top of the folder.
            auto profile = open(dir.path());
            QVERIFY(!registerVerified(*profile).isEmpty());
            QVERIFY(applyFor(*profile).isNull());
            legacyCertificates = certificateIds(*profile->certificates());
            const QDir account(profile->accountDir());
            QVERIFY(QDir().rename(account.filePath(QStringLiteral("keys")), dir.filePath(QStringLiteral("keys"))));
            QVERIFY(QDir().rename(account.filePath(QStringLiteral("certificates.json")),
                                  dir.filePath(QStringLiteral("certificates.json"))));
            QVERIFY(QDir(account.path()).removeRecursively());
            QVERIFY(QFile::remove(dir.filePath(QStringLiteral("current-account"))));
            legacyKey = QDir(dir.filePath(QStringLiteral("keys"))).entryList(QDir::Files).value(0);
            QVERIFY(!legacyKey.isEmpty());
        }
        auto profile = open(dir.path());
        QVERIFY(profile->certificates()->installed().isEmpty());
        QVERIFY(waitFor(profile->session()->restore()).isNull());
        QVERIFY(profile->session()->isLoggedIn());
        QTRY_COMPARE(profile->accountId(), profile->session()->account().id);
        QCOMPARE(certificateIds(*profile->certificates()), legacyCertificates);
        QCOMPARE(keyIds(*profile->custody()).size(), 2);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("keys"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("certificates.json"))));
        QVERIFY(QFileInfo::exists(QDir(profile->accountDir()).filePath(QStringLiteral("keys/")) + legacyKey));

        // Nothing left for the next account.
        waitFor(profile->session()->logout());
        QVERIFY(!registerVerified(*profile).isEmpty());
        QVERIFY(profile->certificates()->installed().isEmpty());
        QVERIFY(keyIds(*profile->custody()).isEmpty());
    }

    void networkAccessIsInjected()
    {
        QTemporaryDir dir;
        QNetworkAccessManager network;
        QSignalSpy requests(&network, &QNetworkAccessManager::finished);
        DeviceProfile::Options options = test::testProfileOptions(dir.path(), m_backend.url());
        options.network = &network;
        DeviceProfile profile(std::move(options));
        QVERIFY(m_backend.registerAccount(*profile.session(), newPhone(), Password).isNull());
        QVERIFY(requests.count() >= 1);
    }

    void kioskDirectoryIsPrivateAndRemoved()
    {
        QTemporaryDir base;
        QString path;
        {
            KioskDirectory kiosk(base.path());
            QVERIFY(kiosk.isValid());
            path = kiosk.path();
            QVERIFY(path.startsWith(base.path()));
            QCOMPARE(QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
                                                     | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther),
                     QFile::Permissions());
            QVERIFY(PrivateFile::write(kiosk.filePath(QStringLiteral("x")), "secret"));
            // A second kiosk start leaves a living session alone.
            KioskDirectory second(base.path());
            QVERIFY(second.isValid());
            QVERIFY(second.path() != path);
            QVERIFY(QFileInfo::exists(kiosk.filePath(QStringLiteral("x"))));
        }
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(QDir(base.path()).isEmpty());
        QVERIFY(!KioskDirectory::defaultBase().isEmpty());
    }

    void kioskSessionLeavesNoTrace()
    {
        const auto before = snapshot();
        QString phone;
        QString kioskPath;
        {
            KioskDirectory kiosk;
            QVERIFY(kiosk.isValid());
            kioskPath = kiosk.path();
            auto profile = open(kiosk.path(), DeviceProfile::Persistence::Kiosk);
            phone = registerVerified(*profile, KioskName, KioskIdNumber);
            QVERIFY(!phone.isEmpty());
            QVERIFY(applyFor(*profile, personProof(KioskName, KioskIdNumber)).isNull());
            const QString accountDir = profile->accountDir();
            QVERIFY(accountDir.startsWith(kiosk.path()));
            QCOMPARE(keyIds(*profile->custody()).size(), 2);
            QVERIFY(!QFileInfo::exists(kiosk.filePath(QStringLiteral("session.tqs"))));
            QVERIFY(!QFileInfo::exists(kiosk.filePath(QStringLiteral("current-account"))));

            // Logging out wipes the account's folder at once, not only at exit.
            waitFor(profile->session()->logout());
            QVERIFY(!QFileInfo::exists(accountDir));
            QVERIFY(profile->certificates()->installed().isEmpty());
            QVERIFY(traces(before, {phone, KioskName, KioskIdNumber}).isEmpty());
        }
        QVERIFY(!QFileInfo::exists(kioskPath));
        const QStringList found = traces(before, {phone, KioskName, KioskIdNumber});
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u", ")));
    }

    void killedKioskLeavesNoTrace()
    {
        // The person is registered and verified here; the helper only logs in and applies.
        QString phone;
        {
            QTemporaryDir dir;
            auto profile = open(dir.path());
            phone = registerVerified(*profile, KioskName, KioskIdNumber);
            QVERIFY(!phone.isEmpty());
            waitFor(profile->session()->logout());
        }
        const auto before = snapshot();

        QProcess helper;
        helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        helper.start(QCoreApplication::applicationFilePath(),
                     {QStringLiteral("--kiosk-helper"), m_backend.url().toString(), phone});
        QVERIFY(helper.waitForStarted());
        QByteArray out;
        QSignalSpy ended(&helper, &QProcess::finished);
        QTRY_VERIFY_WITH_TIMEOUT((out += helper.readAllStandardOutput()).contains('\n') || !ended.isEmpty(), 60000);
        QVERIFY2(out.startsWith("ready "), qPrintable(QStringLiteral("helper ended with %1").arg(helper.exitCode())));
        const QString killedPath = QString::fromLocal8Bit(out.mid(6).trimmed());
        // In the middle of the session: the person's keys are in the kiosk folder.
        QDirIterator keys(killedPath, {QStringLiteral("*.tqkey"), QStringLiteral("*.tq2p")}, QDir::Files,
                          QDirIterator::Subdirectories);
        QVERIFY(keys.hasNext());

        helper.kill(); // SIGKILL: nothing of the helper's runs after this
        QVERIFY(helper.waitForFinished());
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFileInfo::exists(killedPath));
        const QStringList found = traces(before, {phone, KioskName, KioskIdNumber});
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u", ")));

        // The next kiosk start removes what the killed session left.
        KioskDirectory next;
        QVERIFY(next.isValid());
        QVERIFY(!QFileInfo::exists(killedPath));
        QVERIFY(next.path() != killedPath);
    }
};

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], "--kiosk-helper") == 0)
        return runKioskHelper(argc, argv);
    QCoreApplication app(argc, argv);
    TestDeviceProfile test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_deviceprofile.moc"
