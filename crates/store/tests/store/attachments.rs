//! Attachments: stored content-addressed; oversize, disguised, unrecognised and refused types
//! leave nothing behind; so does an upload over its organisation's quota.

use store::{AttachmentError, AttachmentLimits, MediaType, StoreError};

use crate::harness::{clerk, org};
use testkit::{TestDb, both_backends};

both_backends!(
    a_pdf_is_stored_and_read_back,
    oversize_is_refused_and_nothing_written,
    disguised_and_unaccepted_files_are_refused,
    an_organisation_over_its_quota_is_refused_and_nothing_written
);

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

async fn a_pdf_is_stored_and_read_back(db: TestDb) {
    let s = db.open().await;
    let tx = s.begin().await.unwrap();
    let a = store::attachment::put(&tx, &clerk(), "申报书.pdf", pdf())
        .await
        .unwrap();
    // The same content again: a second record, one blob.
    let b = store::attachment::put(&tx, &clerk(), "副本.PDF", pdf())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(a.media_type, MediaType::Pdf);
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(db.attachment_files().len(), 1);
    let (rec, bytes) = store::attachment::read(&s, a.id).await.unwrap();
    assert_eq!((rec, bytes), (a.clone(), pdf()));
    // A blob changed on disk is reported, not served.
    let path = db.attachment_files().remove(0);
    std::fs::write(&path, b"%PDF-1.7 tampered").unwrap();
    let err = store::attachment::read(&s, a.id).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Attachment(AttachmentError::Corrupt { .. })),
        "{err:?}"
    );
    assert_eq!(db.count(&s, "audit_entry").await, 2);
}

async fn oversize_is_refused_and_nothing_written(mut db: TestDb) {
    db.config.attachment_limits = AttachmentLimits {
        max_bytes: 64,
        allowed: vec![MediaType::Pdf],
        quota_bytes: None,
    };
    let s = db.open().await;
    let mut big = pdf();
    big.resize(65, b' ');
    let tx = s.begin().await.unwrap();
    let err = store::attachment::put(&tx, &clerk(), "大文件.pdf", big)
        .await
        .unwrap_err();
    tx.commit().await.unwrap();
    assert_eq!(
        err.to_string(),
        "附件「大文件.pdf」大小为 65 字节，超过上限 64 字节"
    );
    assert!(db.attachment_files().is_empty());
    assert_eq!(db.count(&s, "attachment").await, 0);
    assert_eq!(db.count(&s, "audit_entry").await, 0);
}

async fn disguised_and_unaccepted_files_are_refused(db: TestDb) {
    let s = db.open().await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00This program cannot be run in DOS mode".to_vec();
    let tx = s.begin().await.unwrap();
    let err = store::attachment::put(&tx, &clerk(), "营业执照.pdf", exe.clone())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "附件「营业执照.pdf」的扩展名表明是PDF 文档，但内容实为Windows 可执行程序（EXE）：文件类型与名称不符，拒绝接收"
    );
    // Without a telling name, the content alone decides.
    let err = store::attachment::put(&tx, &clerk(), "附件", exe)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Attachment(AttachmentError::NotAllowed { detected, .. }) if detected.contains("EXE")),
        "{err:?}"
    );
    let err = store::attachment::put(&tx, &clerk(), "说明.txt", b"plain text".to_vec())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Attachment(AttachmentError::Unrecognised { .. })
        ),
        "{err:?}"
    );
    let err = store::attachment::put(&tx, &clerk(), "照片.jpg", b"\x89PNG\r\n\x1a\n0000".to_vec())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Attachment(AttachmentError::Disguised { .. })
        ),
        "{err:?}"
    );
    tx.commit().await.unwrap();
    assert!(db.attachment_files().is_empty());
    assert_eq!(db.count(&s, "attachment").await, 0);
    assert_eq!(db.count(&s, "audit_entry").await, 0);
}

async fn an_organisation_over_its_quota_is_refused_and_nothing_written(mut db: TestDb) {
    // Room for the 65-byte PDF and another 65 bytes, not the 80-byte one.
    db.config.attachment_limits.quota_bytes = Some(140);
    let s = db.open().await;
    let (a, b) = (org(&s, 1).await, org(&s, 2).await);
    let tx = s.begin().await.unwrap();
    store::attachment::put_for(&tx, &clerk(), Some(a.id), "申报书.pdf", pdf())
        .await
        .unwrap();
    // The same content again costs nothing more (it is stored once), however often it is sent.
    for copy in ["副本.pdf", "再次上传.pdf"] {
        let again = store::attachment::put_for(&tx, &clerk(), Some(a.id), copy, pdf())
            .await
            .unwrap();
        assert_eq!(again.organisation_id, Some(a.id));
    }
    let mut small = pdf();
    small[9] = b'2';
    store::attachment::put_for(&tx, &clerk(), Some(a.id), "另一份.pdf", small)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store::attachment::used_bytes(s.db(), a.id).await.unwrap(),
        130
    );
    let (rows, audit, files) = (
        db.count(&s, "attachment").await,
        db.count(&s, "audit_entry").await,
        db.attachment_files().len(),
    );

    let mut other = pdf();
    other.extend_from_slice(b"% another scan\n");
    let tx = s.begin().await.unwrap();
    let err = store::attachment::put_for(&tx, &clerk(), Some(a.id), "第三份.pdf", other.clone())
        .await
        .unwrap_err();
    tx.commit().await.unwrap();
    assert!(
        matches!(
            err,
            StoreError::Attachment(AttachmentError::QuotaExceeded {
                size: 80,
                used: 130,
                quota: 140,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "附件「第三份.pdf」（80 字节）未能上传：本单位已存附件 130 字节，加上本文件将超过每个单位的附件总量上限 140 字节。请删减或压缩材料后再传，或联系系统管理员调整上限"
    );
    // Nothing written: no row, no audit entry, no blob of the refused content.
    assert_eq!(db.count(&s, "attachment").await, rows);
    assert_eq!(db.count(&s, "audit_entry").await, audit);
    assert_eq!(db.attachment_files().len(), files);
    assert_eq!(
        store::attachment::used_bytes(s.db(), a.id).await.unwrap(),
        130
    );

    // Another organisation has its own quota; an upload for no organisation has none.
    let tx = s.begin().await.unwrap();
    store::attachment::put_for(&tx, &clerk(), Some(b.id), "申报书.pdf", other.clone())
        .await
        .unwrap();
    store::attachment::put(&tx, &clerk(), "系统文件.pdf", other)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store::attachment::used_bytes(s.db(), b.id).await.unwrap(),
        80
    );
    assert_eq!(
        store::attachment::used_bytes(s.db(), a.id).await.unwrap(),
        130
    );
}
