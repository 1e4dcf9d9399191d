//! The OS keyring for real: a round trip through the Secret Service (gnome-keyring in a private
//! D-Bus session under `make test`), and a clear error, not a panic or a plaintext fallback,
//! when there is no D-Bus at all.

use shopdock_core::secrets::{self, SecretKind, SecretStoreError};
use shopdock_tiktok::Secret;

#[test]
fn secrets_round_trip_through_the_secret_service() {
    let shop = format!("test-{}", std::process::id());
    let value = Secret::new("round-trip-value-123");
    secrets::put(&shop, SecretKind::AccessToken, &value).expect("put");
    assert_eq!(
        secrets::get(&shop, SecretKind::AccessToken).unwrap(),
        Some(value)
    );
    secrets::put(&shop, SecretKind::AccessToken, &Secret::new("replaced")).unwrap();
    assert_eq!(
        secrets::get(&shop, SecretKind::AccessToken)
            .unwrap()
            .unwrap()
            .expose(),
        "replaced"
    );
    assert_eq!(secrets::get(&shop, SecretKind::RefreshToken).unwrap(), None);
    secrets::delete_all(&shop).unwrap();
    assert_eq!(secrets::get(&shop, SecretKind::AccessToken).unwrap(), None);
    secrets::delete_all(&shop).expect("deleting what is gone is fine");
}

/// Runs in a child process whose D-Bus address points nowhere, because the keyring picks its
/// store once per process.
#[test]
fn without_dbus_the_keyring_fails_clearly_and_never_falls_back() {
    if std::env::var_os("SHOPDOCK_TEST_NO_DBUS_CHILD").is_some() {
        let r = secrets::put("nodbus", SecretKind::AppSecret, &Secret::new("x"));
        match r {
            Err(SecretStoreError::Unavailable(_)) => {
                let msg = r.unwrap_err().to_string();
                assert!(msg.contains("keyring is not available"), "{msg}");
                println!("CHILD-OK");
            }
            other => panic!("expected Unavailable, got {other:?}"),
        }
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "keyring_secret_service::without_dbus_the_keyring_fails_clearly_and_never_falls_back",
            "--nocapture",
        ])
        .env("SHOPDOCK_TEST_NO_DBUS_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/shopdock-test-bus",
        )
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("CHILD-OK"),
        "child: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
