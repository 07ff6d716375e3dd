"""User documents: add, no-op re-add, update, remove, and per-file errors that never block the rest."""

import json

import pytest

from assistant.errors import AssistantError

# A one-page PDF with a Latin text layer (CJK would need an embedded font).
_PDF_TEXT = "Our DSO fell from 75 days to 48 days after weekly aging reviews."


def _text_pdf(path):
    content = f"BT /F1 12 Tf 72 720 Td ({_PDF_TEXT}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture()
def files(tmp_path):
    from docx import Document
    from pypdf import PdfWriter

    d = tmp_path / "in"
    d.mkdir()
    (d / "总结.md").write_text("# 技术总结\n\n我负责华东区客户授信，用营运资产法测算额度。\n\n坏账率从2.1%降到0.8%。", encoding="utf-8")
    doc = Document()
    doc.add_paragraph("论文：渠道商分级信控政策的设计与实施，覆盖 320 家经销商。")
    doc.save(d / "论文.docx")
    _text_pdf(d / "report.pdf")
    blank = PdfWriter()
    blank.add_blank_page(200, 200)
    blank.write(d / "scan.pdf")
    enc = PdfWriter()
    enc.add_blank_page(200, 200)
    enc.encrypt("secret")
    enc.write(d / "locked.pdf")
    (d / "empty.txt").write_bytes(b"")
    (d / "gbk.txt").write_bytes("信用管理".encode("gbk"))
    (d / "picture.png").write_bytes(b"\x89PNG....")
    (d / "broken.docx").write_bytes(b"not a zip")
    return d


def test_add_list_readd_remove(make_app, files):
    app = make_app()
    app.ingest(progress=False)
    results, report = app.add_documents([files / "总结.md", files / "论文.docx", files / "report.pdf"], progress=False)
    assert [r.status for r in results] == ["added"] * 3 and report.embedded == sum(r.chunks for r in results)
    hits = app.retriever("bm25").search("渠道商分级信控政策的设计与实施 320家经销商", k=5)  # fake dense is noise
    assert any(h.chunk.locator == "U:论文.docx#1" for h in hits)
    assert any(c.locator == "U:report.pdf#1" and "48 days" in c.text for c in app.index.chunks)
    assert set(app.list_documents()) == {"总结.md", "论文.docx", "report.pdf"}

    again, report = make_app().add_documents([files / "总结.md"], progress=False)
    assert again[0].status == "unchanged" and report is None

    (files / "总结.md").write_text("# 技术总结\n\nDSO 从 75 天降到 48 天。", encoding="utf-8")
    updated, _ = make_app().add_documents([files / "总结.md"], progress=False)
    assert updated[0].status == "updated"

    fresh = make_app()
    fresh.remove_document("论文.docx")
    assert "论文.docx" not in fresh.list_documents()
    assert not any(c.locator.startswith("U:论文.docx") for c in fresh.index.chunks)
    with pytest.raises(AssistantError, match="没有名为"):
        fresh.remove_document("论文.docx")


@pytest.mark.parametrize("name,message", [
    ("scan.pdf", "没有可提取的文字"), ("locked.pdf", "已加密"), ("empty.txt", "为空"), ("gbk.txt", "UTF-8"),
    ("picture.png", "不支持的文件类型"), ("broken.docx", "已损坏"), ("missing.md", "不存在"),
])
def test_bad_file_reported_and_others_still_added(make_app, files, name, message):
    app = make_app()
    results, report = app.add_documents([files / name, files / "总结.md"], progress=False)
    assert results[0].status == "failed" and message in results[0].message and name in results[0].message
    assert results[1].status == "added" and report is not None
    assert set(app.list_documents()) == {"总结.md"}


def test_oversized_file_refused_without_reading(make_app, files, monkeypatch):
    import assistant.ingest.loaders as loaders

    monkeypatch.setattr(loaders, "MAX_BYTES", 10)
    results, _ = make_app().add_documents([files / "总结.md"], progress=False)
    assert results[0].status == "failed" and "过大" in results[0].message


def test_interrupted_ingest_leaves_previous_state_usable(make_app, files, monkeypatch):
    app = make_app()
    app.ingest(progress=False)
    before = len(app.index.chunks)

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(app.index), "_write_docstore", boom)
    with pytest.raises(RuntimeError):
        app.add_documents([files / "总结.md"], progress=False)
    monkeypatch.undo()
    fresh = make_app()
    assert fresh.list_documents() == {} and fresh.search("授信", k=3)
    assert len(fresh.index.chunks) == before


def test_cli_docs_commands(run_cli, files):
    run_cli("ingest")
    proc = run_cli("ingest", str(files / "总结.md"), str(files / "picture.png"), check=False)
    assert proc.returncode == 1 and "不支持的文件类型" in proc.stderr and "[已加入] 总结.md" in proc.stdout
    assert "总结.md" in json.loads(run_cli("docs", "list", "--json").stdout)
    assert "已删除" in run_cli("docs", "remove", "总结.md").stdout
    bad = run_cli("docs", "remove", "nothing.md", check=False)
    assert bad.returncode != 0 and "没有名为" in bad.stderr
