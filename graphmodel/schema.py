"""The graph's vocabulary: node types, relationship types, properties and enum values.

This module is the one source of truth for names. The dataset reader validates against it,
the stores create indexes from it, the Cypher linter is fed from it, and users write Cypher
against exactly these names.

>>> LABELS["party_org"]
'PartyOrg'
>>> canonical_value("mode", "聯合組建")
'joint'
>>> RELATIONSHIPS["COVERS"].allows("party_org", "enterprise")
True
"""

from __future__ import annotations

from dataclasses import dataclass

# --- node types -----------------------------------------------------------------------------

#: type value -> node label in the graph
LABELS: dict[str, str] = {
    "enterprise": "Enterprise",
    "incubator": "Incubator",
    "social_org": "SocialOrg",
    "party_org": "PartyOrg",
    "university": "University",
    "service_body": "ServiceBody",
    "zone": "Zone",
    "street": "Street",
}
TYPE_OF_LABEL: dict[str, str] = {label: type_ for type_, label in LABELS.items()}

AREA_TYPES = frozenset({"zone", "street"})
#: units whose party-organization coverage is measured (兩新組織)
IN_SCOPE_TYPES = frozenset({"enterprise", "incubator", "social_org"})
#: organizations that are neither areas nor party organizations
UNIT_TYPES = frozenset({"enterprise", "incubator", "social_org", "university", "service_body"})
NON_AREA_TYPES = frozenset(LABELS) - AREA_TYPES

# --- enum values and their Chinese aliases (Traditional and Simplified) ---------------------

ENUMS: dict[str, tuple[str, ...]] = {
    "type": tuple(LABELS),
    "size": ("above_scale", "sme", "micro", "individual"),
    "level": ("committee", "general_branch", "branch"),
    "mode": ("standalone", "joint", "affiliated", "entrusted"),
}

ALIASES: dict[str, dict[str, str]] = {
    "type": {
        "企業": "enterprise", "企业": "enterprise", "非公企業": "enterprise",
        "非公企业": "enterprise", "新經濟組織": "enterprise", "新经济组织": "enterprise",
        "孵化器": "incubator",
        "社會組織": "social_org", "社会组织": "social_org", "協會": "social_org",
        "协会": "social_org", "新社會組織": "social_org", "新社会组织": "social_org",
        "黨組織": "party_org", "党组织": "party_org",
        "高校": "university", "大學": "university", "大学": "university",
        "服務機構": "service_body", "服务机构": "service_body",
        "片區": "zone", "片区": "zone", "園區": "zone", "园区": "zone",
        "街道": "street", "鄉鎮": "street", "乡镇": "street",
    },
    "size": {
        "規上企業": "above_scale", "规上企业": "above_scale", "規上": "above_scale",
        "规上": "above_scale",
        "中小企業": "sme", "中小企业": "sme", "中小": "sme",
        "小微企業": "micro", "小微企业": "micro", "微型企業": "micro", "微型企业": "micro",
        "小微": "micro",
        "個體工商戶": "individual", "个体工商户": "individual", "個體": "individual",
        "个体": "individual", "個體經濟": "individual", "个体经济": "individual",
    },
    "level": {
        "黨委": "committee", "党委": "committee",
        "黨總支": "general_branch", "党总支": "general_branch",
        "黨支部": "branch", "党支部": "branch",
    },
    "mode": {
        "單獨組建": "standalone", "单独组建": "standalone",
        "聯合組建": "joint", "联合组建": "joint",
        "挂靠組建": "affiliated", "挂靠组建": "affiliated", "掛靠組建": "affiliated",
        "委托組建": "entrusted", "委托组建": "entrusted", "委託組建": "entrusted",
    },
}


def canonical_value(field: str, raw: str) -> str | None:
    """Return the canonical English value of an enum field, or None when it is unknown.

    English values match case-insensitively; Chinese aliases match exactly.

    >>> canonical_value("size", "規上企業"), canonical_value("size", "Micro")
    ('above_scale', 'micro')
    >>> canonical_value("level", "cell") is None
    True
    """
    value = raw.strip()
    lowered = value.lower()
    if lowered in ENUMS[field]:
        return lowered
    return ALIASES[field].get(value)


# --- node properties ------------------------------------------------------------------------

#: organizations.csv columns, in order. All but zone and street become node properties.
ORG_COLUMNS: tuple[str, ...] = (
    "id", "type", "name", "industry", "size", "employees", "party_members", "level",
    "zone", "street", "provenance", "founded", "closed",
)
ORG_REQUIRED: tuple[str, ...] = ("id", "type", "name")
INTEGER_PROPERTIES = frozenset({"employees", "party_members"})
#: columns that become LOCATED_IN relationships instead of properties
AREA_COLUMNS: tuple[str, ...] = ("zone", "street")
NODE_PROPERTIES: tuple[str, ...] = tuple(c for c in ORG_COLUMNS if c not in AREA_COLUMNS)
#: the node properties the analyses and views read (the projection's node columns)
NODE_FIELDS: tuple[str, ...] = ("name", "industry", "size", "employees", "party_members", "level")

# --- relationships --------------------------------------------------------------------------

REL_COLUMNS: tuple[str, ...] = ("source", "target", "type", "mode", "since", "until", "note",
                                 "provenance")
REL_REQUIRED: tuple[str, ...] = ("source", "target", "type")
REL_PROPERTIES: tuple[str, ...] = ("mode", "since", "until", "note", "provenance")

#: the columns holding dates (a year, meaning 1 January, or an ISO date), each with the
#: column it may not come before: an organization exists from founded until closed, a
#: relationship counts from since until until
DATE_COLUMNS: dict[str, str | None] = {"founded": None, "closed": "founded",
                                       "since": None, "until": "since"}

# --- column headers in Chinese (Traditional and Simplified) ---------------------------------

#: organizations.csv (and the JSON fields, and an Excel sheet): header -> contract column
ORG_COLUMN_ALIASES: dict[str, str] = {
    **dict.fromkeys(("編號", "编号", "代碼", "代码", "統一社會信用代碼", "统一社会信用代码"), "id"),
    **dict.fromkeys(("類型", "类型", "單位類型", "单位类型"), "type"),
    **dict.fromkeys(("名稱", "名称", "單位名稱", "单位名称"), "name"),
    **dict.fromkeys(("行業", "行业"), "industry"),
    **dict.fromkeys(("規模", "规模"), "size"),
    **dict.fromkeys(("職工人數", "职工人数", "從業人員", "从业人员"), "employees"),
    **dict.fromkeys(("黨員人數", "党员人数"), "party_members"),
    **dict.fromkeys(("黨組織級別", "党组织级别", "級別", "级别"), "level"),
    **dict.fromkeys(("片區", "片区", "所屬片區", "所属片区", "園區", "园区"), "zone"),
    **dict.fromkeys(("街道", "所屬街道", "所属街道", "鄉鎮", "乡镇"), "street"),
    **dict.fromkeys(("出處", "出处"), "provenance"),
    **dict.fromkeys(("成立時間", "成立时间", "成立日期", "成立年份"), "founded"),
    **dict.fromkeys(("注銷時間", "注销时间", "注銷日期", "注销日期"), "closed"),
}
#: relationships.csv: header -> contract column
REL_COLUMN_ALIASES: dict[str, str] = {
    **dict.fromkeys(("來源", "来源"), "source"),
    **dict.fromkeys(("目標", "目标"), "target"),
    **dict.fromkeys(("關係類型", "关系类型", "類型", "类型"), "type"),
    **dict.fromkeys(("組建方式", "组建方式"), "mode"),
    **dict.fromkeys(("起始時間", "起始时间"), "since"),
    **dict.fromkeys(("終止時間", "终止时间"), "until"),
    **dict.fromkeys(("備註", "备注"), "note"),
    **dict.fromkeys(("出處", "出处"), "provenance"),
}


def canonical_column(header: str, columns: tuple[str, ...],
                     aliases: dict[str, str]) -> str | None:
    """The contract column a header names: the column itself (any case) or a Chinese alias.

    >>> canonical_column(" 單位名稱 ", ORG_COLUMNS, ORG_COLUMN_ALIASES)
    'name'
    >>> canonical_column("Party_Members", ORG_COLUMNS, ORG_COLUMN_ALIASES)
    'party_members'
    """
    written = header.strip()
    lowered = written.lower()
    if lowered in columns:
        return lowered
    return aliases.get(written)


@dataclass(frozen=True)
class RelationshipType:
    """One relationship type of the contract and the node types it may join.

    >>> RELATIONSHIPS["INCUBATES"].allows("incubator", "university")
    False
    """

    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    meaning: str
    needs_mode: bool = False

    def allows(self, source_type: str, target_type: str) -> bool:
        return source_type in self.sources and target_type in self.targets


_PARTY = frozenset({"party_org"})
RELATIONSHIPS: dict[str, RelationshipType] = {
    r.name: r
    for r in (
        RelationshipType("COVERS", _PARTY, IN_SCOPE_TYPES,
                         "a party organization covers a unit (organization coverage)",
                         needs_mode=True),
        RelationshipType("GUIDES", _PARTY, IN_SCOPE_TYPES,
                         "work coverage through an instructor, without an organization"),
        RelationshipType("SUBORDINATE_TO", _PARTY, _PARTY, "party hierarchy"),
        RelationshipType("LOCATED_IN", NON_AREA_TYPES, AREA_TYPES,
                         "grid: a unit lies in a zone or street"),
        RelationshipType("INCUBATES", frozenset({"incubator"}), frozenset({"enterprise"}),
                         "an incubator holds an incubated enterprise"),
        RelationshipType("PARTNERS_WITH", NON_AREA_TYPES, NON_AREA_TYPES,
                         "cooperation, undirected in meaning"),
        RelationshipType("SERVES", frozenset({"service_body", "party_org"}), UNIT_TYPES,
                         "services, venues, platforms"),
        RelationshipType("MEMBER_OF", UNIT_TYPES, frozenset({"social_org"}),
                         "association membership"),
    )
}
#: relationship types that make up the cooperation graph of the clusters analysis
COOPERATION_TYPES: tuple[str, ...] = ("PARTNERS_WITH", "INCUBATES", "SERVES", "MEMBER_OF")


def endpoint_pairs() -> list[tuple[str, str, str]]:
    """Every allowed (source label, relationship type, target label), sorted.

    >>> ("PartyOrg", "COVERS", "Enterprise") in endpoint_pairs()
    True
    """
    return sorted(
        (LABELS[s], rel.name, LABELS[t])
        for rel in RELATIONSHIPS.values()
        for s in rel.sources
        for t in rel.targets
    )


def property_keys() -> list[str]:
    """Every property key a node or relationship can carry, sorted."""
    return sorted(set(NODE_PROPERTIES) | set(REL_PROPERTIES))
