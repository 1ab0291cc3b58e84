<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountErrorText</name>
    <message>
        <source>The verification code is wrong or has expired. Check the SMS or request a new code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A code was sent moments ago. You can request another in %n second(s).</source>
        <translation>
            <numerusform>A code was sent moments ago. You can request another in %n second.</numerusform>
            <numerusform>A code was sent moments ago. You can request another in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>This number has received too many codes today. Try again tomorrow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number already has an account. Log in, or reset the password if you forgot it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account uses this number. Check the number or register first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrong number or password. %n attempt(s) left before password login is locked.</source>
        <translation>
            <numerusform>Wrong number or password. %n attempt left before password login is locked.</numerusform>
            <numerusform>Wrong number or password. %n attempts left before password login is locked.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong number or password. Check both, or log in with an SMS code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Password login is locked after too many wrong passwords. Try again in %n minute(s), or log in with an SMS code.</source>
        <translation>
            <numerusform>Password login is locked after too many wrong passwords. Try again in %n minute, or log in with an SMS code.</numerusform>
            <numerusform>Password login is locked after too many wrong passwords. Try again in %n minutes, or log in with an SMS code.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your session has ended. Please log in again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApiErrorText</name>
    <message>
        <source>The request was not accepted. Update the app and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was too large to be accepted. Update the app and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This item no longer exists. Refresh the list and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server had a problem. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an answer this app cannot read. Try again in a moment, or update the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the network connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save data on this device. Check free space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateApplyPage</name>
    <message>
        <source>Apply for a certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate is issued in your real name. Verify your real name first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat certificate PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember this PIN: you need it to log in and sign with the certificate. Nobody, including Tongqian, can recover it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You receive a signing certificate and, for SM2, an encryption certificate, both protected by the certificate PIN you set here. Their private keys are kept where you choose below and are never sent anywhere whole.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the keys are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm it is you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every application proves again that you are the one applying, so someone who only has your login cannot get a certificate in your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to confirm it is you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As on your resident ID card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Existing certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the PIN of the existing certificate: it signs for you, and the new certificate gets the same PIN.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateCard</name>
    <message>
        <source>Holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateDetailPage</name>
    <message>
        <source>Certificate details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‹ Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change certificate PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock with real-name verification</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateErrorText</name>
    <message>
        <source>The certificate PIN must be 6 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate PIN must be %1 digits. Enter it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate PIN must be %1 letters, digits or ASCII symbols. Enter it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate request from this device was not accepted. Create a new key and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate no longer exists. Refresh the certificate list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate authority is not available. Choose another one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a validity period between 1 day and 3 years.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate has already been revoked. Refresh the certificate list, and apply for a new certificate if you need one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The certificate PIN is wrong. %n attempt(s) left before the key is locked.</source>
        <translation>
            <numerusform>The certificate PIN is wrong. %n attempt left before the key is locked.</numerusform>
            <numerusform>The certificate PIN is wrong. %n attempts left before the key is locked.</numerusform>
        </translation>
    </message>
    <message>
        <source>The certificate PIN is wrong. Check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate&apos;s key is locked after too many wrong PINs. Verify your identity again and set a new PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of this certificate is damaged on this device. Revoke the certificate and apply again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request was already used. Start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many requests with this key. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cryptographic operation failed on this device. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This key cannot be used for this. Sign with the certificate&apos;s signing key; if its encryption key is missing, apply for a new certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm it is you: enter your name and ID number again, or use your existing certificate and the SMS code, then apply again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You already hold the most valid certificates this certificate authority issues to one person. Revoke an old certificate first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateText</name>
    <message>
        <source>Signing certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digital signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-repudiation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key encipherment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data encipherment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply for a certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No valid certificate on this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No expired or revoked certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate lets you log in to and sign on e-bidding platforms by scanning their QR codes. Its keys are made and kept on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates that expire or are revoked are listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial number %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePinDialog</name>
    <message>
        <source>Change certificate PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat new PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock with real-name verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Something went wrong. Try again; if it keeps happening, restart the app.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportCertificateDialog</name>
    <message>
        <source>Export certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate file holds only public information; platforms may ask you to upload it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <source>Tongqian</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Tongqian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your real name is verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your real name is not verified yet. Real-name verification is required before you can apply for a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>You have %n valid certificate(s) on this device.</source>
        <translation>
            <numerusform>You have %n valid certificate on this device.</numerusform>
            <numerusform>You have %n valid certificates on this device.</numerusform>
        </translation>
    </message>
    <message>
        <source>You have no valid certificate yet. Apply for one to log in and sign on e-bidding platforms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply for a certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View certificates</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentityErrorText</name>
    <message>
        <source>This is not the person this account was verified as. Enter your own name and ID number exactly as on your ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name and ID number do not match. Check both exactly as on the ID card and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete real-name verification before applying for a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account&apos;s certificates belong to the person it was verified as, so another person cannot be verified on it. Enter that person&apos;s name and ID number; to change a name, contact customer service for a review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many real-name verification attempts. Check the name and ID number and try again tomorrow.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <source>Verify your real name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A certificate is issued in your real name. Your ID number is sent over an encrypted connection, stored encrypted and never written into a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As on your resident ID card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>11-digit mainland number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgot password?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMS code login</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Tongqian</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MePage</name>
    <message>
        <source>Me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in server (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will need your password or an SMS code to log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember the certificate PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A remembered PIN is kept in memory only, never written to disk, and forgotten when the time is up, when you log out or when the app closes. Anyone holding this unlocked device can use your certificate meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorErrorText</name>
    <message>
        <source>Your operator role does not allow this. Ask an administrator to do it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The form has expired. Reload the page and submit it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many failed logins. Try again in %n minute(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinField</name>
    <message>
        <source>6 digits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Scan reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by platform, action or certificate serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scans yet. Requests you answer by scanning appear here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevokeCertificateDialog</name>
    <message>
        <source>Revoke this certificate?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both the signing and the encryption certificate will be revoked for good and published as revoked. You cannot log in or sign with them any more; apply for a new certificate if you need one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanConfirmPage</name>
    <message>
        <source>Checking the QR code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (platform code %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This wasn&apos;t me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan another code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate PIN (not needed while remembered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock this certificate with real-name verification</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanErrorText</name>
    <message>
        <source>The trading platform is not registered correctly. Contact the trading platform.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code is not a Tongqian scan code. Scan the code the trading platform shows.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Torch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aim at the QR code the trading platform shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan an image file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a picture of a QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetPasswordPage</name>
    <message>
        <source>Create an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>11-digit mainland number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8–16 characters: upper, lower case and digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have read and accept the user agreement and privacy policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set new password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to log in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Tongqian</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SmsCodeField</name>
    <message>
        <source>Verification code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resend in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send code</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransactionErrorText</name>
    <message>
        <source>The signature does not match this request and was not accepted. Scan the QR code again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scan request does not exist. Refresh the QR code on the trading platform and scan again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code has already been scanned. Refresh it on the trading platform and scan the new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code has expired. Refresh it on the trading platform and scan again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request has already been answered or cancelled. Refresh the QR code on the trading platform if you still need to act.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate cannot be used: it is revoked, expired or not yours. Choose another certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code belongs to another certificate service, not to the one your account uses. Nothing was sent. Check that the page is the trading platform you meant to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document offered for signing is not the one the trading platform announced. Nothing was signed; contact the trading platform.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of your certificates on this device can answer this request. Apply for a certificate, or use the device that holds the right one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockPinDialog</name>
    <message>
        <source>Unlock with real-name verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm that you are the person this account was verified as, then set a new PIN. The old PIN stops working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As on your resident ID card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat new PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidationErrorText</name>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password can have at most 16 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only letters, digits and ASCII symbols in the password, without spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an upper-case letter to the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a lower-case letter to the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a digit to the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must be 8–16 characters with upper-case, lower-case letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an 11-digit mainland mobile number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the 6-digit code from the SMS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your full name as it appears on your ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name cannot contain digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the 18-character number of your resident ID card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ID number is not valid. Check each digit and the last character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the 18-character number on the resident ID card; check every digit and the last character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app asked for an SMS code the server does not offer. Update the app and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name contains an invisible or control character. Type it again as it appears on your ID card.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>This build has no built-in server. Start the app with --server and the address of your Tongqian server, for example --server https://tongqian.example.org</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::AccountFormViewModel</name>
    <message>
        <source>A 6-digit code was sent to %1. It is valid for 5 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::AppSettings</name>
    <message>
        <source>Off: ask for the PIN every time</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>For %n minute(s) after it is typed</source>
        <translation>
            <numerusform>For %n minute after it is typed</numerusform>
            <numerusform>For %n minutes after it is typed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tq::CertificateApplyViewModel</name>
    <message>
        <source>SM2 (national standard, recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ECDSA P-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA-2048</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
    <message>
        <source>The two PINs do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-party (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is split between this device and the server; 6 wrong PINs lock it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only on this device (weaker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Works offline, but anyone with a copy of this device&apos;s files can try PINs without limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA and P-256 keys are always kept only on this device; two-party keys are SM2 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter my name and ID number again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my existing certificate and an SMS code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, valid until %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A 6-digit code was sent to this account&apos;s phone. It is valid for 5 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::CertificateDetailViewModel</name>
    <message>
        <source>The certificate PIN was changed. Use the new PIN from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DER (.cer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM (.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM with CA chain (.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key or PIN may be known to someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My details have changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced by a new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter where to save the certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate pair was revoked. It is listed under invalid certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is unlocked. Use the new PIN from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-party key: split between this device and the server, which checks the PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept only on this device — weaker: there is no limit on PIN attempts against a copy of its files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked after too many wrong PINs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n PIN attempt(s) left</source>
        <translation>
            <numerusform>%n PIN attempt left</numerusform>
            <numerusform>%n PIN attempts left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tq::CertificateService</name>
    <message>
        <source>Installing the encryption key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the certificate authority…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issued certificate does not match this device&apos;s key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating the key pair on this device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the certificate request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing the request with the new key…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::ChangePinViewModel</name>
    <message>
        <source>Choose a new PIN that differs from the current one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::LoginViewModel</name>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::NewPinFormViewModel</name>
    <message>
        <source>The two new PINs do not match.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::Router</name>
    <message>
        <source>Your password was changed. Log in with the new password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your real name is verified. You can now apply for a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your certificates are issued and installed on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Me</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::ScanFlowViewModel</name>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bind account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw seal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in to %1 with your certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register your certificate with %1 so you can log in there by scanning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Sign %n item(s) for %1 with your certificate.</source>
        <translation>
            <numerusform>Sign %n item for %1 with your certificate.</numerusform>
            <numerusform>Sign %n items for %1 with your certificate.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Seal %n document(s) for %1 with your certificate.</source>
        <translation>
            <numerusform>Seal %n document for %1 with your certificate.</numerusform>
            <numerusform>Seal %n documents for %1 with your certificate.</numerusform>
        </translation>
    </message>
    <message>
        <source>Withdraw a seal you placed on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give %1 your encryption certificate, so files can be encrypted for you (e.g. a bid).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Open %n digital envelope(s) for %1 (e.g. bid opening). The keys go back encrypted to the platform only.</source>
        <translation>
            <numerusform>Open %n digital envelope for %1 (e.g. bid opening). The keys go back encrypted to the platform only.</numerusform>
            <numerusform>Open %n digital envelopes for %1 (e.g. bid opening). The keys go back encrypted to the platform only.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sign a message from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer before %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 digest %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digest %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only this digest is shown to you, not the document it stands for: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal to withdraw (certificate %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Envelope %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For encryption certificate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · …%2 · until %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1 on %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user did not start this request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled and reported. Nothing was signed. If someone else showed you this code, do not scan codes from them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your PIN is remembered on this device until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The remembered PIN has just expired. Type the certificate PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The remembered PIN was not accepted and is forgotten. %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::ScanReportModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No certificate used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::ScannerViewModel</name>
    <message>
        <source>No camera was found. Scan an image file or the screen instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The camera cannot be used: it may be in use by another app, or camera access is not allowed. Allow it in the system settings, or scan an image file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file could not be read as an image. Choose a PNG or JPEG picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code was found in this image. Choose a sharper picture in which the whole code is visible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This system does not let apps read the screen. Save the QR code as a picture and scan the image file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code was found on the screen. Make sure the whole code is visible and not covered by this window, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::SetPasswordViewModel</name>
    <message>
        <source>The two passwords do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read and accept the user agreement and privacy policy to register.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tq::TransactionService</name>
    <message>
        <source>Signing with your certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the result…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the digital envelopes…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
