<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AccountErrorText</name>
        <message>
            <source>The verification code is wrong or has expired. Check the SMS or request a new code.</source>
            <translation>验证码错误或已过期。请核对短信，或重新获取验证码。</translation>
        </message>
        <message numerus="yes">
            <source>A code was sent moments ago. You can request another in %n second(s).</source>
            <translation>
                <numerusform>验证码刚刚已发送，%n 秒后可重新获取。</numerusform>
            </translation>
        </message>
        <message>
            <source>This number has received too many codes today. Try again tomorrow.</source>
            <translation>该号码今日获取验证码次数已达上限，请明天再试。</translation>
        </message>
        <message>
            <source>This number already has an account. Log in, or reset the password if you forgot it.</source>
            <translation>该号码已注册。请直接登录；如忘记密码，请重置密码。</translation>
        </message>
        <message>
            <source>No account uses this number. Check the number or register first.</source>
            <translation>该号码尚未注册。请核对号码或先注册。</translation>
        </message>
        <message numerus="yes">
            <source>Wrong number or password. %n attempt(s) left before password login is locked.</source>
            <translation>
                <numerusform>手机号或密码错误。再错 %n 次将锁定密码登录。</numerusform>
            </translation>
        </message>
        <message>
            <source>Wrong number or password. Check both, or log in with an SMS code.</source>
            <translation>手机号或密码错误。请核对后重试，或使用短信验证码登录。</translation>
        </message>
        <message numerus="yes">
            <source>Password login is locked after too many wrong passwords. Try again in %n minute(s), or log in with an SMS code.</source>
            <translation>
                <numerusform>密码错误次数过多，密码登录已锁定。请 %n 分钟后再试，或使用短信验证码登录。</numerusform>
            </translation>
        </message>
        <message>
            <source>Your session has ended. Please log in again.</source>
            <translation>登录已失效，请重新登录。</translation>
        </message>
    </context>
    <context>
        <name>ApiErrorText</name>
        <message>
            <source>The request was not accepted. Update the app and try again.</source>
            <translation>请求未被接受。请更新应用后重试。</translation>
        </message>
        <message>
            <source>The request was too large to be accepted. Update the app and try again.</source>
            <translation>请求过大，未被接受。请更新应用后重试。</translation>
        </message>
        <message>
            <source>This item no longer exists. Refresh the list and try again.</source>
            <translation>该项已不存在。请刷新列表后重试。</translation>
        </message>
        <message>
            <source>The server had a problem. Try again in a moment.</source>
            <translation>服务器出现问题，请稍后再试。</translation>
        </message>
        <message>
            <source>The server sent an answer this app cannot read. Try again in a moment, or update the app.</source>
            <translation>服务器返回了本应用无法识别的应答。请稍后重试，或更新应用。</translation>
        </message>
        <message>
            <source>Cannot reach the server. Check the network connection and try again.</source>
            <translation>无法连接服务器。请检查网络连接后重试。</translation>
        </message>
        <message>
            <source>Could not save data on this device. Check free space and try again.</source>
            <translation>无法在本设备保存数据。请检查存储空间后重试。</translation>
        </message>
    </context>
    <context>
        <name>CertificateApplyPage</name>
        <message>
            <source>Apply for a certificate</source>
            <translation>申请证书</translation>
        </message>
        <message>
            <source>A certificate is issued in your real name. Verify your real name first.</source>
            <translation>证书以您的真实姓名签发，请先完成实名认证。</translation>
        </message>
        <message>
            <source>Verify now</source>
            <translation>立即认证</translation>
        </message>
        <message>
            <source>Key algorithm</source>
            <translation>密钥算法</translation>
        </message>
        <message>
            <source>Validity</source>
            <translation>有效期</translation>
        </message>
        <message>
            <source>Certificate PIN</source>
            <translation>证书 PIN 码</translation>
        </message>
        <message>
            <source>Repeat certificate PIN</source>
            <translation>再次输入证书 PIN 码</translation>
        </message>
        <message>
            <source>Remember this PIN: you need it to log in and sign with the certificate. Nobody, including Tongqian, can recover it.</source>
            <translation>请牢记此 PIN 码：使用证书登录和签名时都需要它。任何人（包括通签）都无法找回。</translation>
        </message>
        <message>
            <source>Step %1 of %2: %3</source>
            <translation>第 %1/%2 步：%3</translation>
        </message>
        <message>
            <source>Applying…</source>
            <translation>正在申请…</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>申请</translation>
        </message>
        <message>
            <source>Back to certificates</source>
            <translation>返回证书列表</translation>
        </message>
        <message>
            <source>You receive a signing certificate and, for SM2, an encryption certificate, both protected by the certificate PIN you set here. Their private keys are kept where you choose below and are never sent anywhere whole.</source>
            <translation>您将获得一张签名证书；SM2 还会同时获得一张加密证书，二者都由您在此设置的证书 PIN 保护。私钥按您在下方选择的方式保管，任何时候都不会完整地发送到任何地方。</translation>
        </message>
        <message>
            <source>Where the keys are kept</source>
            <translation>密钥保管方式</translation>
        </message>
        <message>
            <source>Confirm it is you</source>
            <translation>确认是您本人</translation>
        </message>
        <message>
            <source>Every application proves again that you are the one applying, so someone who only has your login cannot get a certificate in your name.</source>
            <translation>每次申请都要再次证明是您本人在申请，这样仅拿到您登录状态的人无法以您的名义获得证书。</translation>
        </message>
        <message>
            <source>How to confirm it is you</source>
            <translation>确认本人的方式</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>As on your resident ID card</source>
            <translation>与居民身份证上一致</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18 位</translation>
        </message>
        <message>
            <source>Existing certificate</source>
            <translation>现有证书</translation>
        </message>
        <message>
            <source>Verification code</source>
            <translation>验证码</translation>
        </message>
        <message>
            <source>6-digit code</source>
            <translation>6 位验证码</translation>
        </message>
        <message>
            <source>Send a new code</source>
            <translation>重新发送验证码</translation>
        </message>
        <message>
            <source>Send code</source>
            <translation>发送验证码</translation>
        </message>
        <message>
            <source>Enter the PIN of the existing certificate: it signs for you, and the new certificate gets the same PIN.</source>
            <translation>请输入现有证书的 PIN 码：由它为您签名，新证书也将使用同一个 PIN 码。</translation>
        </message>
    </context>
    <context>
        <name>CertificateCard</name>
        <message>
            <source>Holder</source>
            <translation>持有人</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>序列号</translation>
        </message>
        <message>
            <source>Issuer</source>
            <translation>颁发者</translation>
        </message>
        <message>
            <source>Valid from</source>
            <translation>生效时间</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>到期时间</translation>
        </message>
        <message>
            <source>Key usage</source>
            <translation>密钥用途</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>Algorithm</source>
            <translation>算法</translation>
        </message>
        <message>
            <source>SHA-256 fingerprint</source>
            <translation>SHA-256 指纹</translation>
        </message>
    </context>
    <context>
        <name>CertificateDetailPage</name>
        <message>
            <source>Certificate details</source>
            <translation>证书详情</translation>
        </message>
        <message>
            <source>‹ Certificates</source>
            <translation>‹ 证书</translation>
        </message>
        <message>
            <source>Please wait…</source>
            <translation>请稍候…</translation>
        </message>
        <message>
            <source>Revoke certificate</source>
            <translation>吊销证书</translation>
        </message>
        <message>
            <source>Change certificate PIN</source>
            <translation>修改证书PIN码</translation>
        </message>
        <message>
            <source>Export certificate</source>
            <translation>导出证书</translation>
        </message>
        <message>
            <source>Unlock with real-name verification</source>
            <translation>实名核验后解锁</translation>
        </message>
    </context>
    <context>
        <name>CertificateErrorText</name>
        <message>
            <source>The certificate PIN must be 6 digits.</source>
            <translation>证书 PIN 码须为 6 位数字。</translation>
        </message>
        <message>
            <source>The certificate PIN must be %1 digits. Enter it again.</source>
            <translation>证书 PIN 码须为 %1 位数字。请重新输入。</translation>
        </message>
        <message>
            <source>The certificate PIN must be %1 letters, digits or ASCII symbols. Enter it again.</source>
            <translation>证书 PIN 码须为 %1 位字母、数字或英文符号。请重新输入。</translation>
        </message>
        <message>
            <source>The certificate request from this device was not accepted. Create a new key and try again.</source>
            <translation>本设备提交的证书请求未被接受。请重新生成密钥后再试。</translation>
        </message>
        <message>
            <source>This certificate no longer exists. Refresh the certificate list.</source>
            <translation>该证书已不存在，请刷新证书列表。</translation>
        </message>
        <message>
            <source>This certificate authority is not available. Choose another one.</source>
            <translation>该 CA 机构当前不可用，请选择其他机构。</translation>
        </message>
        <message>
            <source>Choose a validity period between 1 day and 3 years.</source>
            <translation>请选择 1 天至 3 年之间的有效期。</translation>
        </message>
        <message>
            <source>This certificate has already been revoked. Refresh the certificate list, and apply for a new certificate if you need one.</source>
            <translation>该证书已被注销。请刷新证书列表；如仍需证书，请重新申请。</translation>
        </message>
        <message numerus="yes">
            <source>The certificate PIN is wrong. %n attempt(s) left before the key is locked.</source>
            <translation>
                <numerusform>证书 PIN 错误。再错 %n 次将锁定密钥。</numerusform>
            </translation>
        </message>
        <message>
            <source>The certificate PIN is wrong. Check it and try again.</source>
            <translation>证书 PIN 码错误，请核对后重试。</translation>
        </message>
        <message>
            <source>This certificate's key is locked after too many wrong PINs. Verify your identity again and set a new PIN.</source>
            <translation>PIN 错误次数过多，该证书的密钥已锁定。请重新完成实名认证并设置新的 PIN。</translation>
        </message>
        <message>
            <source>The key of this certificate is damaged on this device. Revoke the certificate and apply again.</source>
            <translation>本设备上该证书的密钥已损坏。请吊销该证书后重新申请。</translation>
        </message>
        <message>
            <source>This request was already used. Start again.</source>
            <translation>该请求已被使用过。请重新开始。</translation>
        </message>
        <message>
            <source>Too many requests with this key. Try again later.</source>
            <translation>使用该密钥的请求过多。请稍后再试。</translation>
        </message>
        <message>
            <source>A cryptographic operation failed on this device. Try again.</source>
            <translation>本设备上的密码运算失败，请重试。</translation>
        </message>
        <message>
            <source>This key cannot be used for this. Sign with the certificate's signing key; if its encryption key is missing, apply for a new certificate.</source>
            <translation>此密钥不能用于该操作。请用证书的签名密钥签名；如果缺少加密密钥，请重新申请证书。</translation>
        </message>
        <message>
            <source>Confirm it is you: enter your name and ID number again, or use your existing certificate and the SMS code, then apply again.</source>
            <translation>请确认是您本人：重新输入姓名和身份证号，或使用您现有的证书和短信验证码，然后重新申请。</translation>
        </message>
        <message>
            <source>You already hold the most valid certificates this certificate authority issues to one person. Revoke an old certificate first.</source>
            <translation>您持有的有效证书已达到该证书机构为每人签发的上限。请先吊销一张旧证书。</translation>
        </message>
    </context>
    <context>
        <name>CertificateText</name>
        <message>
            <source>Signing certificate</source>
            <translation>签名证书</translation>
        </message>
        <message>
            <source>Encryption certificate</source>
            <translation>加密证书</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Revoked</source>
            <translation>已吊销</translation>
        </message>
        <message>
            <source>Digital signature</source>
            <translation>数字签名</translation>
        </message>
        <message>
            <source>Non-repudiation</source>
            <translation>不可否认</translation>
        </message>
        <message>
            <source>Key encipherment</source>
            <translation>密钥加密</translation>
        </message>
        <message>
            <source>Data encipherment</source>
            <translation>数据加密</translation>
        </message>
        <message>
            <source>Key agreement</source>
            <translation>密钥协商</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>%1 to %2</source>
            <translation>%1 至 %2</translation>
        </message>
    </context>
    <context>
        <name>CertificatesPage</name>
        <message>
            <source>Certificates</source>
            <translation>证书</translation>
        </message>
        <message>
            <source>Refreshing…</source>
            <translation>正在刷新…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Apply for a certificate</source>
            <translation>申请证书</translation>
        </message>
        <message>
            <source>Valid (%1)</source>
            <translation>有效证书（%1）</translation>
        </message>
        <message>
            <source>Invalid (%1)</source>
            <translation>无效证书（%1）</translation>
        </message>
        <message>
            <source>No valid certificate on this device</source>
            <translation>本设备上还没有有效证书</translation>
        </message>
        <message>
            <source>No expired or revoked certificate</source>
            <translation>没有已过期或已吊销的证书</translation>
        </message>
        <message>
            <source>A certificate lets you log in to and sign on e-bidding platforms by scanning their QR codes. Its keys are made and kept on this device.</source>
            <translation>有了证书，即可扫码登录电子招投标平台并签名。证书密钥在本设备上生成并保存。</translation>
        </message>
        <message>
            <source>Certificates that expire or are revoked are listed here.</source>
            <translation>已过期或已吊销的证书会列在这里。</translation>
        </message>
        <message>
            <source>Serial number %1</source>
            <translation>序列号 %1</translation>
        </message>
        <message>
            <source>Valid %1</source>
            <translation>有效期 %1</translation>
        </message>
    </context>
    <context>
        <name>ChangePinDialog</name>
        <message>
            <source>Change certificate PIN</source>
            <translation>修改证书PIN码</translation>
        </message>
        <message>
            <source>Current PIN</source>
            <translation>当前 PIN 码</translation>
        </message>
        <message>
            <source>New PIN</source>
            <translation>新 PIN 码</translation>
        </message>
        <message>
            <source>Repeat new PIN</source>
            <translation>再次输入新 PIN 码</translation>
        </message>
        <message>
            <source>Unlock with real-name verification</source>
            <translation>实名核验后解锁</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Changing…</source>
            <translation>正在修改…</translation>
        </message>
        <message>
            <source>Change PIN</source>
            <translation>修改 PIN 码</translation>
        </message>
    </context>
    <context>
        <name>ErrorText</name>
        <message>
            <source>Something went wrong. Try again; if it keeps happening, restart the app.</source>
            <translation>出现错误，请重试；如果问题反复出现，请重启应用。</translation>
        </message>
    </context>
    <context>
        <name>ExportCertificateDialog</name>
        <message>
            <source>Export certificate</source>
            <translation>导出证书</translation>
        </message>
        <message>
            <source>A certificate file holds only public information; platforms may ask you to upload it.</source>
            <translation>证书文件只包含公开信息，交易平台可能会要求您上传。</translation>
        </message>
        <message>
            <source>Certificate to export</source>
            <translation>要导出的证书</translation>
        </message>
        <message>
            <source>File format</source>
            <translation>文件格式</translation>
        </message>
        <message>
            <source>Save to</source>
            <translation>保存到</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
    </context>
    <context>
        <name>FormPage</name>
        <message>
            <source>Tongqian</source>
            <translation>通签</translation>
        </message>
    </context>
    <context>
        <name>HomePage</name>
        <message>
            <source>Home</source>
            <translation>首页</translation>
        </message>
        <message>
            <source>Welcome to Tongqian</source>
            <translation>欢迎使用通签</translation>
        </message>
        <message>
            <source>Logged in as %1</source>
            <translation>当前账号：%1</translation>
        </message>
        <message>
            <source>Your real name is verified.</source>
            <translation>您已完成实名认证。</translation>
        </message>
        <message>
            <source>Your real name is not verified yet. Real-name verification is required before you can apply for a certificate.</source>
            <translation>您尚未完成实名认证。申请证书前需要先完成实名认证。</translation>
        </message>
        <message>
            <source>Verify now</source>
            <translation>立即认证</translation>
        </message>
        <message numerus="yes">
            <source>You have %n valid certificate(s) on this device.</source>
            <translation>
                <numerusform>本设备上有 %n 张有效证书。</numerusform>
            </translation>
        </message>
        <message>
            <source>You have no valid certificate yet. Apply for one to log in and sign on e-bidding platforms.</source>
            <translation>您还没有有效证书。申请证书后即可登录电子招投标平台并签名。</translation>
        </message>
        <message>
            <source>Apply for a certificate</source>
            <translation>申请证书</translation>
        </message>
        <message>
            <source>View certificates</source>
            <translation>查看证书</translation>
        </message>
    </context>
    <context>
        <name>IdentityErrorText</name>
        <message>
            <source>This is not the person this account was verified as. Enter your own name and ID number exactly as on your ID card.</source>
            <translation>这不是本账号实名认证的本人。请按身份证上的内容准确填写您本人的姓名和身份证号。</translation>
        </message>
        <message>
            <source>The name and ID number do not match. Check both exactly as on the ID card and try again.</source>
            <translation>姓名与身份证号不一致。请按身份证核对后重试。</translation>
        </message>
        <message>
            <source>Complete real-name verification before applying for a certificate.</source>
            <translation>申请证书前请先完成实名认证。</translation>
        </message>
        <message>
            <source>This account's certificates belong to the person it was verified as, so another person cannot be verified on it. Enter that person's name and ID number; to change a name, contact customer service for a review.</source>
            <translation>本账号的证书属于已实名认证的本人，不能再认证为其他人。请填写本人的姓名和身份证号；如需变更姓名，请联系客服审核。</translation>
        </message>
        <message>
            <source>Too many real-name verification attempts. Check the name and ID number and try again tomorrow.</source>
            <translation>实名认证尝试次数过多。请核对姓名和身份证号，明天再试。</translation>
        </message>
    </context>
    <context>
        <name>IdentityPage</name>
        <message>
            <source>Verify your real name</source>
            <translation>实名认证</translation>
        </message>
        <message>
            <source>A certificate is issued in your real name. Your ID number is sent over an encrypted connection, stored encrypted and never written into a certificate.</source>
            <translation>证书以您的真实姓名签发。身份证号通过加密连接传输、加密保存，且不会写入证书。</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>As on your resident ID card</source>
            <translation>与居民身份证一致</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18 位</translation>
        </message>
        <message>
            <source>Verifying…</source>
            <translation>正在认证…</translation>
        </message>
        <message>
            <source>Verify</source>
            <translation>认证</translation>
        </message>
        <message>
            <source>Not now</source>
            <translation>暂不认证</translation>
        </message>
    </context>
    <context>
        <name>LoginPage</name>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Mobile number</source>
            <translation>手机号码</translation>
        </message>
        <message>
            <source>11-digit mainland number</source>
            <translation>11 位大陆手机号</translation>
        </message>
        <message>
            <source>Logging in…</source>
            <translation>正在登录…</translation>
        </message>
        <message>
            <source>Create an account</source>
            <translation>注册账号</translation>
        </message>
        <message>
            <source>Forgot password?</source>
            <translation>忘记密码？</translation>
        </message>
        <message>
            <source>Password login</source>
            <translation>密码登录</translation>
        </message>
        <message>
            <source>SMS code login</source>
            <translation>验证码登录</translation>
        </message>
    </context>
    <context>
        <name>Main</name>
        <message>
            <source>Tongqian</source>
            <translation>通签</translation>
        </message>
    </context>
    <context>
        <name>MePage</name>
        <message>
            <source>Me</source>
            <translation>我的</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>账号</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>服务器</translation>
        </message>
        <message>
            <source>Built-in server (%1)</source>
            <translation>内置服务器（%1）</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Log out?</source>
            <translation>退出登录？</translation>
        </message>
        <message>
            <source>You will need your password or an SMS code to log in again.</source>
            <translation>再次登录需要输入密码或短信验证码。</translation>
        </message>
        <message>
            <source>Remember the certificate PIN</source>
            <translation>记住证书 PIN</translation>
        </message>
        <message>
            <source>A remembered PIN is kept in memory only, never written to disk, and forgotten when the time is up, when you log out or when the app closes. Anyone holding this unlocked device can use your certificate meanwhile.</source>
            <translation>记住的 PIN 只保存在内存中，不会写入磁盘；到期、退出登录或关闭应用时即被清除。在此期间，任何拿到这台已解锁设备的人都能使用您的证书。</translation>
        </message>
    </context>
    <context>
        <name>OperatorErrorText</name>
        <message>
            <source>Your operator role does not allow this. Ask an administrator to do it.</source>
            <translation>您的操作员角色无权执行此操作。请让管理员来完成。</translation>
        </message>
        <message>
            <source>The form has expired. Reload the page and submit it again.</source>
            <translation>表单已过期。请刷新页面后重新提交。</translation>
        </message>
        <message numerus="yes">
            <source>Too many failed logins. Try again in %n minute(s).</source>
            <translation>
                <numerusform>登录失败次数过多。请在 %n 分钟后重试。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PinField</name>
        <message>
            <source>6 digits</source>
            <translation>6 位数字</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message>
            <source>Scan reports</source>
            <translation>扫码报告</translation>
        </message>
        <message>
            <source>Search by platform, action or certificate serial</source>
            <translation>按平台、操作或证书序列号搜索</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>No scans yet. Requests you answer by scanning appear here.</source>
            <translation>暂无扫码记录。您通过扫码处理的请求会显示在这里。</translation>
        </message>
    </context>
    <context>
        <name>RevokeCertificateDialog</name>
        <message>
            <source>Revoke this certificate?</source>
            <translation>确定吊销此证书？</translation>
        </message>
        <message>
            <source>Both the signing and the encryption certificate will be revoked for good and published as revoked. You cannot log in or sign with them any more; apply for a new certificate if you need one.</source>
            <translation>签名证书和加密证书都将被永久吊销，并公布在吊销列表中。吊销后无法再用它们登录或签名；如有需要，请重新申请证书。</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>吊销原因</translation>
        </message>
    </context>
    <context>
        <name>ScanConfirmPage</name>
        <message>
            <source>Checking the QR code…</source>
            <translation>正在核验二维码…</translation>
        </message>
        <message>
            <source>Confirm the request</source>
            <translation>确认请求</translation>
        </message>
        <message>
            <source>%1 (platform code %2)</source>
            <translation>%1（平台标识码 %2）</translation>
        </message>
        <message>
            <source>Certificate PIN</source>
            <translation>证书PIN码</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>处理中…</translation>
        </message>
        <message>
            <source>Confirm: %1</source>
            <translation>确认%1</translation>
        </message>
        <message>
            <source>This wasn't me</source>
            <translation>不是我本人操作</translation>
        </message>
        <message>
            <source>Scan another code</source>
            <translation>继续扫码</translation>
        </message>
        <message>
            <source>Forget it</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Certificate PIN (not needed while remembered)</source>
            <translation>证书 PIN（已记住时无需输入）</translation>
        </message>
        <message>
            <source>Unlock this certificate with real-name verification</source>
            <translation>实名核验后解锁此证书</translation>
        </message>
    </context>
    <context>
        <name>ScanErrorText</name>
        <message>
            <source>The trading platform is not registered correctly. Contact the trading platform.</source>
            <translation>交易平台登记信息有误。请联系交易平台。</translation>
        </message>
        <message>
            <source>This QR code is not a Tongqian scan code. Scan the code the trading platform shows.</source>
            <translation>这不是通签扫码二维码。请扫描交易平台显示的二维码。</translation>
        </message>
    </context>
    <context>
        <name>ScanPage</name>
        <message>
            <source>Scan</source>
            <translation>扫一扫</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Torch</source>
            <translation>手电筒</translation>
        </message>
        <message>
            <source>Aim at the QR code the trading platform shows.</source>
            <translation>请对准交易平台显示的二维码。</translation>
        </message>
        <message>
            <source>Scan an image file</source>
            <translation>识别图片中的二维码</translation>
        </message>
        <message>
            <source>Scan the screen</source>
            <translation>识别屏幕上的二维码</translation>
        </message>
        <message>
            <source>Choose a picture of a QR code</source>
            <translation>选择含二维码的图片</translation>
        </message>
        <message>
            <source>Pictures (*.png *.jpg *.jpeg *.bmp *.webp)</source>
            <translation>图片 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
        </message>
    </context>
    <context>
        <name>SetPasswordPage</name>
        <message>
            <source>Create an account</source>
            <translation>注册账号</translation>
        </message>
        <message>
            <source>Reset password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>Mobile number</source>
            <translation>手机号码</translation>
        </message>
        <message>
            <source>11-digit mainland number</source>
            <translation>11 位大陆手机号</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>8–16 characters: upper, lower case and digits</source>
            <translation>8–16 位，含大小写字母和数字</translation>
        </message>
        <message>
            <source>Repeat password</source>
            <translation>确认密码</translation>
        </message>
        <message>
            <source>I have read and accept the user agreement and privacy policy</source>
            <translation>我已阅读并同意《用户协议》和《隐私政策》</translation>
        </message>
        <message>
            <source>Please wait…</source>
            <translation>请稍候…</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>注册</translation>
        </message>
        <message>
            <source>Set new password</source>
            <translation>设置新密码</translation>
        </message>
        <message>
            <source>Back to log in</source>
            <translation>返回登录</translation>
        </message>
    </context>
    <context>
        <name>Shell</name>
        <message>
            <source>Tongqian</source>
            <translation>通签</translation>
        </message>
    </context>
    <context>
        <name>SmsCodeField</name>
        <message>
            <source>Verification code</source>
            <translation>验证码</translation>
        </message>
        <message>
            <source>6-digit code</source>
            <translation>6 位验证码</translation>
        </message>
        <message>
            <source>Resend in %1 s</source>
            <translation>%1 秒后重发</translation>
        </message>
        <message>
            <source>Send code</source>
            <translation>获取验证码</translation>
        </message>
    </context>
    <context>
        <name>TransactionErrorText</name>
        <message>
            <source>The signature does not match this request and was not accepted. Scan the QR code again.</source>
            <translation>签名与本次请求不符，未被接受。请重新扫码。</translation>
        </message>
        <message>
            <source>This scan request does not exist. Refresh the QR code on the trading platform and scan again.</source>
            <translation>该扫码请求不存在。请在交易平台刷新二维码后重新扫码。</translation>
        </message>
        <message>
            <source>This QR code has already been scanned. Refresh it on the trading platform and scan the new one.</source>
            <translation>该二维码已被扫描过。请在交易平台刷新后扫描新的二维码。</translation>
        </message>
        <message>
            <source>This QR code has expired. Refresh it on the trading platform and scan again.</source>
            <translation>该二维码已过期。请在交易平台刷新后重新扫码。</translation>
        </message>
        <message>
            <source>This request has already been answered or cancelled. Refresh the QR code on the trading platform if you still need to act.</source>
            <translation>该请求已处理或已取消。如仍需操作，请在交易平台刷新二维码后重新扫码。</translation>
        </message>
        <message>
            <source>This certificate cannot be used: it is revoked, expired or not yours. Choose another certificate.</source>
            <translation>该证书不可用：已注销、已过期或不属于您。请选择其他证书。</translation>
        </message>
        <message>
            <source>This QR code belongs to another certificate service, not to the one your account uses. Nothing was sent. Check that the page is the trading platform you meant to use.</source>
            <translation>此二维码属于其他证书服务，而不是您账户所在的服务。未发送任何信息。请确认页面是您要使用的交易平台。</translation>
        </message>
        <message>
            <source>The document offered for signing is not the one the trading platform announced. Nothing was signed; contact the trading platform.</source>
            <translation>待签文件与交易平台声明的文件不一致。未进行任何签名，请联系交易平台。</translation>
        </message>
        <message>
            <source>None of your certificates on this device can answer this request. Apply for a certificate, or use the device that holds the right one.</source>
            <translation>本设备上没有可用于此请求的证书。请申请证书，或使用存有相应证书的设备。</translation>
        </message>
    </context>
    <context>
        <name>UnlockPinDialog</name>
        <message>
            <source>Unlock with real-name verification</source>
            <translation>实名核验后解锁</translation>
        </message>
        <message>
            <source>Confirm that you are the person this account was verified as, then set a new PIN. The old PIN stops working.</source>
            <translation>请确认您就是本账号实名认证的本人，然后设置新的 PIN。原 PIN 将随即失效。</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>As on your resident ID card</source>
            <translation>与居民身份证一致</translation>
        </message>
        <message>
            <source>ID number</source>
            <translation>身份证号</translation>
        </message>
        <message>
            <source>18 characters</source>
            <translation>18 位</translation>
        </message>
        <message>
            <source>New PIN</source>
            <translation>新 PIN 码</translation>
        </message>
        <message>
            <source>Repeat new PIN</source>
            <translation>再次输入新 PIN 码</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Unlocking…</source>
            <translation>正在解锁…</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
    </context>
    <context>
        <name>ValidationErrorText</name>
        <message>
            <source>The password needs at least 8 characters.</source>
            <translation>密码至少需要 8 个字符。</translation>
        </message>
        <message>
            <source>The password can have at most 16 characters.</source>
            <translation>密码最多 16 个字符。</translation>
        </message>
        <message>
            <source>Use only letters, digits and ASCII symbols in the password, without spaces.</source>
            <translation>密码只能使用字母、数字和英文符号，不能有空格。</translation>
        </message>
        <message>
            <source>Add an upper-case letter to the password.</source>
            <translation>密码中还需要一个大写字母。</translation>
        </message>
        <message>
            <source>Add a lower-case letter to the password.</source>
            <translation>密码中还需要一个小写字母。</translation>
        </message>
        <message>
            <source>Add a digit to the password.</source>
            <translation>密码中还需要一个数字。</translation>
        </message>
        <message>
            <source>The password must be 8–16 characters with upper-case, lower-case letters and digits.</source>
            <translation>密码须为 8–16 位，包含大写字母、小写字母和数字。</translation>
        </message>
        <message>
            <source>Enter an 11-digit mainland mobile number.</source>
            <translation>请输入 11 位中国大陆手机号码。</translation>
        </message>
        <message>
            <source>Enter the 6-digit code from the SMS.</source>
            <translation>请输入短信中的 6 位验证码。</translation>
        </message>
        <message>
            <source>Enter your full name as it appears on your ID card.</source>
            <translation>请输入与身份证一致的姓名。</translation>
        </message>
        <message>
            <source>A name cannot contain digits.</source>
            <translation>姓名不能包含数字。</translation>
        </message>
        <message>
            <source>Enter the 18-character number of your resident ID card.</source>
            <translation>请输入 18 位居民身份证号码。</translation>
        </message>
        <message>
            <source>This ID number is not valid. Check each digit and the last character.</source>
            <translation>身份证号码无效，请核对每一位及最后一位校验码。</translation>
        </message>
        <message>
            <source>Enter the 18-character number on the resident ID card; check every digit and the last character.</source>
            <translation>请输入居民身份证上的 18 位号码，并核对每一位及最后一位校验码。</translation>
        </message>
        <message>
            <source>The app asked for an SMS code the server does not offer. Update the app and try again.</source>
            <translation>应用请求了服务器不支持的短信验证码。请更新应用后重试。</translation>
        </message>
        <message>
            <source>The name contains an invisible or control character. Type it again as it appears on your ID card.</source>
            <translation>姓名中含有不可见字符或控制字符。请按身份证上的姓名重新输入。</translation>
        </message>
    </context>
    <context>
        <name>main</name>
        <message>
            <source>This build has no built-in server. Start the app with --server and the address of your Tongqian server, for example --server https://tongqian.example.org</source>
            <translation>此版本没有内置服务器。请使用 --server 加上您的通签服务器地址启动应用，例如 --server https://tongqian.example.org</translation>
        </message>
    </context>
    <context>
        <name>tq::AccountFormViewModel</name>
        <message>
            <source>A 6-digit code was sent to %1. It is valid for 5 minutes.</source>
            <translation>6 位验证码已发送至 %1，5 分钟内有效。</translation>
        </message>
    </context>
    <context>
        <name>tq::AppSettings</name>
        <message>
            <source>Off: ask for the PIN every time</source>
            <translation>关闭：每次都输入 PIN</translation>
        </message>
        <message numerus="yes">
            <source>For %n minute(s) after it is typed</source>
            <translation>
                <numerusform>输入后 %n 分钟内</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tq::CertificateApplyViewModel</name>
        <message>
            <source>SM2 (national standard, recommended)</source>
            <translation>SM2（国密算法，推荐）</translation>
        </message>
        <message>
            <source>ECDSA P-256</source>
            <translation>ECDSA P-256</translation>
        </message>
        <message>
            <source>RSA-2048</source>
            <translation>RSA-2048</translation>
        </message>
        <message numerus="yes">
            <source>%n year(s)</source>
            <translation>
                <numerusform>%n 年</numerusform>
            </translation>
        </message>
        <message>
            <source>The two PINs do not match.</source>
            <translation>两次输入的 PIN 码不一致。</translation>
        </message>
        <message>
            <source>Two-party (recommended)</source>
            <translation>两方协同密钥（推荐）</translation>
        </message>
        <message>
            <source>The key is split between this device and the server; 6 wrong PINs lock it.</source>
            <translation>密钥拆分保存在本设备和服务器上；PIN 连续输错 6 次即锁定。</translation>
        </message>
        <message>
            <source>Only on this device (weaker)</source>
            <translation>仅存于本设备（安全性较低）</translation>
        </message>
        <message>
            <source>Works offline, but anyone with a copy of this device's files can try PINs without limit.</source>
            <translation>无需联网即可使用，但任何人拿到本设备文件的副本后，都可以不受次数限制地尝试 PIN。</translation>
        </message>
        <message>
            <source>RSA and P-256 keys are always kept only on this device; two-party keys are SM2 only.</source>
            <translation>RSA 和 P-256 密钥只能保存在本设备上；两方协同密钥仅支持 SM2。</translation>
        </message>
        <message>
            <source>Enter my name and ID number again</source>
            <translation>重新输入我的姓名和身份证号</translation>
        </message>
        <message>
            <source>Use my existing certificate and an SMS code</source>
            <translation>使用我现有的证书和短信验证码</translation>
        </message>
        <message>
            <source>%1, valid until %2</source>
            <translation>%1，有效期至 %2</translation>
        </message>
        <message>
            <source>A 6-digit code was sent to this account's phone. It is valid for 5 minutes.</source>
            <translation>6 位验证码已发送到本账号的手机，5 分钟内有效。</translation>
        </message>
    </context>
    <context>
        <name>tq::CertificateDetailViewModel</name>
        <message>
            <source>The certificate PIN was changed. Use the new PIN from now on.</source>
            <translation>证书 PIN 码已修改，今后请使用新 PIN 码。</translation>
        </message>
        <message>
            <source>DER (.cer)</source>
            <translation>DER 格式（.cer）</translation>
        </message>
        <message>
            <source>PEM (.pem)</source>
            <translation>PEM 格式（.pem）</translation>
        </message>
        <message>
            <source>PEM with CA chain (.pem)</source>
            <translation>PEM 格式，含 CA 证书链（.pem）</translation>
        </message>
        <message>
            <source>No reason given</source>
            <translation>不说明原因</translation>
        </message>
        <message>
            <source>The key or PIN may be known to someone else</source>
            <translation>密钥或 PIN 码可能已被他人知晓</translation>
        </message>
        <message>
            <source>My details have changed</source>
            <translation>本人信息已变更</translation>
        </message>
        <message>
            <source>Replaced by a new certificate</source>
            <translation>已由新证书替代</translation>
        </message>
        <message>
            <source>No longer needed</source>
            <translation>不再需要</translation>
        </message>
        <message>
            <source>Enter where to save the certificate.</source>
            <translation>请输入证书的保存位置。</translation>
        </message>
        <message>
            <source>Certificate saved to %1</source>
            <translation>证书已保存到 %1</translation>
        </message>
        <message>
            <source>The certificate pair was revoked. It is listed under invalid certificates.</source>
            <translation>该证书对已吊销，可在“无效证书”中查看。</translation>
        </message>
        <message>
            <source>The key is unlocked. Use the new PIN from now on.</source>
            <translation>密钥已解锁，今后请使用新的 PIN。</translation>
        </message>
        <message>
            <source>Two-party key: split between this device and the server, which checks the PIN.</source>
            <translation>两方协同密钥：拆分保存在本设备和服务器上，由服务器校验 PIN。</translation>
        </message>
        <message>
            <source>Kept only on this device — weaker: there is no limit on PIN attempts against a copy of its files.</source>
            <translation>仅存于本设备（安全性较低）：拿到其文件副本的人可以不限次数地尝试 PIN。</translation>
        </message>
        <message>
            <source>Locked after too many wrong PINs</source>
            <translation>PIN 错误次数过多，已锁定</translation>
        </message>
        <message numerus="yes">
            <source>%n PIN attempt(s) left</source>
            <translation>
                <numerusform>PIN 剩余尝试次数：%n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tq::CertificateService</name>
        <message>
            <source>Installing the encryption key…</source>
            <translation>正在安装加密密钥…</translation>
        </message>
        <message>
            <source>Waiting for the certificate authority…</source>
            <translation>正在等待 CA 签发证书…</translation>
        </message>
        <message>
            <source>The issued certificate does not match this device's key.</source>
            <translation>签发的证书与本设备的密钥不匹配。</translation>
        </message>
        <message>
            <source>Generating the key pair on this device…</source>
            <translation>正在本设备上生成密钥对…</translation>
        </message>
        <message>
            <source>Preparing the certificate request…</source>
            <translation>正在准备证书请求…</translation>
        </message>
        <message>
            <source>Signing the request with the new key…</source>
            <translation>正在用新密钥签署请求…</translation>
        </message>
    </context>
    <context>
        <name>tq::ChangePinViewModel</name>
        <message>
            <source>Choose a new PIN that differs from the current one.</source>
            <translation>新 PIN 码不能与当前 PIN 码相同。</translation>
        </message>
    </context>
    <context>
        <name>tq::LoginViewModel</name>
        <message>
            <source>Enter your password.</source>
            <translation>请输入密码。</translation>
        </message>
    </context>
    <context>
        <name>tq::NewPinFormViewModel</name>
        <message>
            <source>The two new PINs do not match.</source>
            <translation>两次输入的新 PIN 码不一致。</translation>
        </message>
    </context>
    <context>
        <name>tq::Router</name>
        <message>
            <source>Your password was changed. Log in with the new password.</source>
            <translation>密码已修改，请使用新密码登录。</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>首页</translation>
        </message>
        <message>
            <source>Your real name is verified. You can now apply for a certificate.</source>
            <translation>实名认证成功，现在可以申请证书了。</translation>
        </message>
        <message>
            <source>Scan</source>
            <translation>扫一扫</translation>
        </message>
        <message>
            <source>Certificates</source>
            <translation>证书</translation>
        </message>
        <message>
            <source>Your certificates are issued and installed on this device.</source>
            <translation>证书已签发并安装到本设备。</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Me</source>
            <translation>我的</translation>
        </message>
    </context>
    <context>
        <name>tq::ScanFlowViewModel</name>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Bind account</source>
            <translation>绑定</translation>
        </message>
        <message>
            <source>Sign</source>
            <translation>签名</translation>
        </message>
        <message>
            <source>Seal</source>
            <translation>签章</translation>
        </message>
        <message>
            <source>Withdraw seal</source>
            <translation>撤章</translation>
        </message>
        <message>
            <source>Encrypt</source>
            <translation>加密</translation>
        </message>
        <message>
            <source>Decrypt</source>
            <translation>解密</translation>
        </message>
        <message>
            <source>Sign message</source>
            <translation>消息签名</translation>
        </message>
        <message>
            <source>Log in to %1 with your certificate.</source>
            <translation>使用您的证书登录%1。</translation>
        </message>
        <message>
            <source>Register your certificate with %1 so you can log in there by scanning.</source>
            <translation>将您的证书绑定到%1，以后可扫码登录。</translation>
        </message>
        <message numerus="yes">
            <source>Sign %n item(s) for %1 with your certificate.</source>
            <translation>
                <numerusform>使用您的证书为%1签名 %n 项内容。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Seal %n document(s) for %1 with your certificate.</source>
            <translation>
                <numerusform>使用您的证书为%1签章 %n 份文件。</numerusform>
            </translation>
        </message>
        <message>
            <source>Withdraw a seal you placed on %1.</source>
            <translation>撤销您在%1上加盖的签章。</translation>
        </message>
        <message>
            <source>Give %1 your encryption certificate, so files can be encrypted for you (e.g. a bid).</source>
            <translation>向%1提供您的加密证书，以便为您加密文件（如投标文件）。</translation>
        </message>
        <message numerus="yes">
            <source>Open %n digital envelope(s) for %1 (e.g. bid opening). The keys go back encrypted to the platform only.</source>
            <translation>
                <numerusform>为%1解开 %n 个数字信封（如开标）。密钥仅以加密形式返回给该平台。</numerusform>
            </translation>
        </message>
        <message>
            <source>Sign a message from %1.</source>
            <translation>对来自%1的消息签名。</translation>
        </message>
        <message>
            <source>Answer before %1.</source>
            <translation>请在 %1 前处理。</translation>
        </message>
        <message>
            <source>Document: %1 (%2)</source>
            <translation>文件：%1（%2）</translation>
        </message>
        <message>
            <source>%1 digest %2</source>
            <translation>%1 摘要 %2</translation>
        </message>
        <message>
            <source>Digest %1 (%2)</source>
            <translation>摘要 %1（%2）</translation>
        </message>
        <message>
            <source>Only this digest is shown to you, not the document it stands for: %1</source>
            <translation>此处只显示摘要，而非其对应的文件：%1</translation>
        </message>
        <message>
            <source>Data (%1)</source>
            <translation>数据（%1）</translation>
        </message>
        <message>
            <source>SHA-256 %1</source>
            <translation>SHA-256 %1</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>消息</translation>
        </message>
        <message>
            <source>Seal to withdraw (certificate %1)</source>
            <translation>待撤销的签章（证书 %1）</translation>
        </message>
        <message>
            <source>Envelope %1</source>
            <translation>数字信封 %1</translation>
        </message>
        <message>
            <source>For encryption certificate %1</source>
            <translation>对应加密证书 %1</translation>
        </message>
        <message>
            <source>%1 · …%2 · until %3</source>
            <translation>%1 · …%2 · 有效期至 %3</translation>
        </message>
        <message>
            <source>Done: %1 on %2.</source>
            <translation>已完成：在%2%1。</translation>
        </message>
        <message>
            <source>The user did not start this request.</source>
            <translation>用户未发起此请求。</translation>
        </message>
        <message>
            <source>Cancelled and reported. Nothing was signed. If someone else showed you this code, do not scan codes from them again.</source>
            <translation>已取消并上报，未进行任何签名。如果此二维码是他人给您的，请不要再扫描其提供的二维码。</translation>
        </message>
        <message>
            <source>Your PIN is remembered on this device until %1.</source>
            <translation>本设备将记住您的 PIN，直到 %1。</translation>
        </message>
        <message>
            <source>The remembered PIN has just expired. Type the certificate PIN.</source>
            <translation>记住的 PIN 刚刚已过期，请输入证书 PIN。</translation>
        </message>
        <message>
            <source>The remembered PIN was not accepted and is forgotten. %1</source>
            <translation>记住的 PIN 未被接受，已清除。%1</translation>
        </message>
    </context>
    <context>
        <name>tq::ScanReportModel</name>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>No certificate used</source>
            <translation>未使用证书</translation>
        </message>
        <message>
            <source>Certificate %1</source>
            <translation>证书 %1</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <source>Rejected: %1</source>
            <translation>已拒绝：%1</translation>
        </message>
        <message>
            <source>Expired</source>
            <translation>已过期</translation>
        </message>
        <message>
            <source>Not finished</source>
            <translation>未完成</translation>
        </message>
    </context>
    <context>
        <name>tq::ScannerViewModel</name>
        <message>
            <source>No camera was found. Scan an image file or the screen instead.</source>
            <translation>未找到摄像头。请改为识别图片或屏幕上的二维码。</translation>
        </message>
        <message>
            <source>The camera cannot be used: it may be in use by another app, or camera access is not allowed. Allow it in the system settings, or scan an image file instead.</source>
            <translation>无法使用摄像头：可能被其他应用占用，或未获得摄像头权限。请在系统设置中允许，或改为识别图片。</translation>
        </message>
        <message>
            <source>This file could not be read as an image. Choose a PNG or JPEG picture.</source>
            <translation>无法将此文件作为图片读取。请选择 PNG 或 JPEG 图片。</translation>
        </message>
        <message>
            <source>No QR code was found in this image. Choose a sharper picture in which the whole code is visible.</source>
            <translation>图片中未找到二维码。请选择更清晰、二维码完整可见的图片。</translation>
        </message>
        <message>
            <source>This system does not let apps read the screen. Save the QR code as a picture and scan the image file instead.</source>
            <translation>此系统不允许应用读取屏幕。请将二维码保存为图片后识别图片。</translation>
        </message>
        <message>
            <source>No QR code was found on the screen. Make sure the whole code is visible and not covered by this window, then try again.</source>
            <translation>屏幕上未找到二维码。请确保二维码完整可见且未被本窗口遮挡，然后重试。</translation>
        </message>
    </context>
    <context>
        <name>tq::SetPasswordViewModel</name>
        <message>
            <source>The two passwords do not match.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>Read and accept the user agreement and privacy policy to register.</source>
            <translation>请阅读并同意《用户协议》和《隐私政策》后注册。</translation>
        </message>
    </context>
    <context>
        <name>tq::TransactionService</name>
        <message>
            <source>Signing with your certificate…</source>
            <translation>正在使用您的证书签名…</translation>
        </message>
        <message>
            <source>Sending the result…</source>
            <translation>正在发送结果…</translation>
        </message>
        <message>
            <source>Opening the digital envelopes…</source>
            <translation>正在解开数字信封…</translation>
        </message>
    </context>
</TS>
