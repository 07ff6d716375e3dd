"""The structured standard equals the source: counts, sampled texts of every level, weights, anomalies."""

import pytest

EXPECTED_COUNTS = {
    "四级/中级工": (5, 13, 46, 23),
    "三级/高级工": (3, 9, 59, 42),
    "二级/技师": (6, 19, 91, 72),
    "一级/高级技师": (6, 19, 77, 61),
}


@pytest.mark.parametrize("level,counts", EXPECTED_COUNTS.items())
def test_counts_per_level(standard, level, counts):
    assert standard.level(level).counts() == counts


def _items(standard):
    out = {}
    for lv in standard.levels:
        for f in lv.functions:
            for c in f.contents:
                for i in c.skills + c.knowledge:
                    out.setdefault(i.locator, []).append(i.text)
    return out


@pytest.mark.parametrize("locator,text", [
    ("3.1/1.1.2", "能从公开合法渠道采集供应商信用信息"),
    ("3.1/2.2.1", "能将数据输入信用管理系统的对应栏目中"),
    ("3.1/2.2k", "国标公共信用信息交换方式及接口规范知识"),
    ("3.1/4.1.4", "能列表标识逾期应收账款内勤催收的各时间节点"),
    ("3.1/4.1k", "应收账款统计汇总知识"),
    ("3.1/1.1.3k", "法人和其他组织统一社会信用代码编码规则相关知识"),
    ("3.2/1.2.1k", "企业分类方法"),
    ("3.2/1.5.9", "能按指南解读国外的企业征信报告"),
    ("3.2/2.1.3k", "《中华人民共和国民法典》合同编制知识"),
    ("3.2/3.2.11", "能核实并申报坏账注销"),
    ("3.3/2.2.3", "能用DSO和坏账率分析客户信用风险"),
    ("3.3/2.2.2", "能选择使用商业保理服务"),
    ("3.3/3.1.5", "能解释企业的信用政策"),
    ("3.3/3.6.2", "能建立渠道商准入资格审核、信用评价和解约的操作流程"),
    ("3.3/3.6.5", "能根据渠道商的业绩考核结果调整对渠道商的授信额度"),
    ("3.3/1.2.5k", "修改或删除信用记录的法律法规"),
    ("3.3/5.2.4k", "企业征信报告分类应用知识"),
    ("3.4/1.3.2k", "企业画像技术方法"),
    ("3.4/1.3.3k", "企业财务报表分析软件知识"),
    ("3.4/2.3.2", "能用电商信用分评估消费者信用分析"),
    ("3.4/2.3.3", "能用居民诚信分评估消费者信用风险"),
    ("3.4/2.4k", "赊销折让和优惠方法"),
    ("3.4/4.1.3", "能提取ERP系统中的信息用于信控"),
    ("3.4/4.2.2", "能在平台上建立信控BBS"),
    ("3.4/6.2.3k", "培训效果评价方法"),
])
def test_sampled_texts_exact(standard, locator, text):
    assert text in _items(standard)[locator]


def test_duplicate_code_keeps_both_items(standard):
    assert _items(standard)["3.1/5.2.2"] == ["能按指定模板编纂业务相关PPT文件", "能草拟业务案例分析文件文本"]


def test_function_and_content_names(standard):
    two, one = standard.level("二级/技师"), standard.level("一级/高级技师")
    assert [f.name for f in two.functions] == ["客户资信管理", "全程信控", "授信审批", "商账追收", "制度规范", "培训管理和指导"]
    assert [f.name for f in one.functions] == ["客户资信管理", "审批授信", "国际信控", "设施建设", "重点领域信控", "培训管理和指导"]
    assert standard.level("四级").functions[0].contents[0].name == "采集企业上下游交易方的信用信息"
    assert one.functions[4].contents[1].name == "管理金融信贷业务信用风险"


def test_no_layout_artifacts_in_texts(standard):
    for texts in _items(standard).values():
        for t in texts:
            assert not any(ch in t for ch in "①②③ \n"), t


def test_weights_exact_and_sum_to_100(standard):
    w = standard.weights
    assert w["theory"]["二级/技师"] == {"职业道德": 5, "基础知识": 10, "客户资信管理": 20, "全程信控": 15,
                                     "商账追收": 15, "授信审批": 25, "制度规范": 10}
    assert w["skill"]["一级/高级技师"] == {"客户资信管理": 20, "授信审批": 15, "培训管理和指导": 5, "国际信控": 15,
                                       "设施建设": 25, "重点领域信控": 20}
    assert w["skill"]["四级/中级工"]["会议技术服务和文件编制管理"] == 15
    assert w["theory"]["四级/中级工"]["会议技术服务和文件编制管理"] == 10
    for table in w.values():
        for column in table.values():
            assert sum(column.values()) == 100


def test_anomalies_recorded(standard):
    got = {(a.locator, a.kind) for a in standard.anomalies}
    expected = {
        ("3.1/5.2.2", "duplicate_code"), ("3.3/2.2.2", "odd_code"),
        ("3.1/2.2k", "uncoded_knowledge"), ("3.1/3.1k", "uncoded_knowledge"), ("3.1/3.2k", "uncoded_knowledge"),
        ("3.1/4.1k", "uncoded_knowledge"), ("3.1/4.2k", "uncoded_knowledge"), ("3.1/5.1k", "uncoded_knowledge"),
        ("3.4/2.4k", "uncoded_knowledge"),
        ("3.2/1.5.8", "page_continuation"), ("3.3/3.1.5", "page_continuation"), ("3.3/3.6.5", "page_continuation"),
        ("3.4/2.3.3", "page_continuation"), ("3.3/3", "label"), ("3.4/2", "label"),
        ("3.3/6", "dash_weight"), ("3.4/6", "dash_weight"),
    }
    assert expected <= got
    assert any("审批授信" in a.detail and "授信审批" in a.detail for a in standard.anomalies)


def test_preface_and_chapters(standard):
    by_loc = {s.locator: s for s in standard.preface + standard.sections}
    assert [s.locator for s in standard.preface] == ["P"] + [f"P.{n}" for n in range(1, 9)]
    assert len(by_loc["P.2"].items) == 7 and by_loc["P.2"].items[0] == "大数据环境下的企业信用管理"
    assert by_loc["P.8"].text == "本《标准》业经人力资源和社会保障部批准，自公布之日起施行。"
    assert "人社厅发〔2021〕92号" in by_loc["P.8"].notes[0]
    assert by_loc["1.2"].text == "4-05-06-02"
    assert by_loc["1.9.4"].text == "各等级理论知识考试时间不少于90min，技能考核时间不少于60min，综合评审时间不少于30min。"
    assert "综合评审委员为3人（含）以上单数" in by_loc["1.9.3"].text
    assert len(by_loc["2.1.2"].items) == 15
    assert by_loc["2.1.2"].items[5] == "（6）不擅自更改客户信用记录，抵制篡改客户信用记录或信用分的行为。"
    rules = by_loc["1.9.1"]
    assert "工作3年（含）以上" in rules.text and "区块链工程" not in rules.text
    assert any(n.startswith("相关专业：") and n.endswith("区块链工程；下同。") for n in rules.notes)


def test_cli_standard_json_shape(run_cli):
    import json

    proc = run_cli("standard", "--level", "二级", "--json")
    data = json.loads(proc.stdout)
    assert [lv["level"] for lv in data["levels"]] == ["二级/技师"]
    fn = data["levels"][0]["functions"][0]
    assert set(fn) == {"no", "name", "contents"}
    assert set(fn["contents"][0]) == {"no", "name", "skills", "knowledge"}
    assert set(data["weights"]) == {"theory", "skill"} and data["anomalies"]


def test_weight_lookup_treats_the_two_spellings_of_one_function_as_one(standard):
    # chapter 3 prints 一级 “审批授信”, the weight tables print “授信审批”
    assert standard.weight("theory", "一级/高级技师", "审批授信") == 15
    assert standard.weight("skill", "一级/高级技师", "审批授信") == 15
    assert standard.weight("theory", "一级/高级技师", "培训管理和指导") is None  # printed as “—”
