//! A file system of a few megabytes to fill up: a tmpfs mounted for the test when the test may
//! mount (root, as in CI's container). Where it may not, [`SmallDisk::mount`] returns `None`
//! and the caller falls back to capping the database's size with SQLite's `max_page_count`,
//! which fails writes with the same `SQLITE_FULL`.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct SmallDisk {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl SmallDisk {
    /// A tmpfs of `megabytes` MB on a fresh temp dir, or `None` when mounting is not allowed.
    pub fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().to_path_buf();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m,mode=0700")])
            .arg("tmpfs")
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(SmallDisk { _dir: dir, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a ballast file until the disk refuses more; returns its path.
    pub fn fill(&self) -> PathBuf {
        use std::io::Write;
        let ballast = self.path.join("ballast");
        let mut file = std::fs::File::create(&ballast).expect("ballast file");
        let block = vec![0xA5u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        // The last block may have gone in part: fill the remaining bytes one by one.
        while file.write_all(&[0xA5]).is_ok() {}
        ballast
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}
