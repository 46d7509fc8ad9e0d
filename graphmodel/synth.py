"""Synthetic districts of any size, in the data contract, deterministic by seed.

``generate(orgs, seed, out_dir)`` writes ``organizations.csv`` and ``relationships.csv``
(UTF-8, LF) for a district of ``orgs`` units (enterprises, social organizations, incubators,
universities, service bodies), plus the zones, streets and party organizations they need:

* zones (about 6 per 10,000 units, at least 2), each with 6-10 streets (about 8);
* 29 industries with real Chinese names; each zone favours three of them;
* enterprises (most; sizes individual > micro > sme > above_scale), social organizations
  (~8%, a third of them associations), incubators (~0.3%), universities (~1 per 5,000) and
  service bodies (~0.5%); heavy-tailed employees (lognormal by size, Pareto above scale) and
  formal party members drawn from them (most 0-2, some 3-50, a few 100+); ~3% of employee
  counts and ~5% of member counts unknown (empty);
* party organizations: a committee per zone (the park, 園區黨委), a two-new committee per
  street (兩新黨委) subordinate to it; most units with 3+ members have their own
  organization (standalone; level by the DOMAIN.md rules), joint branches group 2-5 small
  units of one street (by industry where possible: 行業黨支部), small units are affiliated
  to an organization of their street, others entrusted to the park committee or to their
  association's organization, and street committees GUIDE some of the rest (work
  coverage); about half the in-scope units end up covered;
* cooperation: incubators INCUBATE enterprises (mostly of their zone), universities
  PARTNER_WITH incubators and larger enterprises, service bodies SERVE units, units are
  MEMBER_OF associations, and PARTNERS_WITH ties mostly inside one zone and industry, with
  some bridges between zones.

Every organization has a zone and a street (LOCATED_IN, from the columns); there are about
3.4 relationships per unit in all. The same ``orgs`` and ``seed`` give byte-identical files
(one ``random.Random(seed)``; no set or dict order reaches the output). Rows are streamed
to the files: 100,000 units take a few seconds.

>>> import tempfile
>>> folder = tempfile.TemporaryDirectory()
>>> report = generate(200, seed=1, out_dir=folder.name)
>>> report.organizations["zone"], report.organizations["enterprise"] > 150
(2, True)
>>> folder.cleanup()
"""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmodel import schema
from graphmodel.dataset import ORGANIZATIONS_FILE, RELATIONSHIPS_FILE
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Codes, Text, gettext
from graphmodel.results import Report, Table

MIN_ORGS = 100
ORG_HEADER = ("id", "type", "name", "industry", "size", "employees", "party_members", "level",
              "zone", "street")
REL_HEADER = ("source", "target", "type", "mode", "since")

# --- vocabulary -----------------------------------------------------------------------------

#: (industry, weight among enterprises, company words, shop words of individual businesses)
INDUSTRIES: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...]], ...] = (
    ("倉買百貨", 14, ("商貿", "百貨", "超市連鎖"), ("便利店", "超市", "商店", "食雜店")),
    ("餐飲住宿", 12, ("餐飲管理", "酒店管理"), ("飯店", "餐館", "快餐店", "小吃部")),
    ("機械加工", 7, ("機械製造", "精密機械", "機械加工"), ("機械加工部", "加工廠")),
    ("手工編織", 3, ("編織工藝", "手工藝品"), ("編織坊", "手工作坊")),
    ("軟件和信息服務", 6, ("軟件科技", "信息技術", "數據科技"), ("電腦工作室",)),
    ("汽車零部件", 5, ("汽車零部件", "汽車配件"), ("汽配商行", "汽修廠")),
    ("食品加工", 6, ("食品", "糧油食品", "乳業"), ("食品加工部", "糕點坊")),
    ("動漫遊戲", 3, ("動漫", "文化傳媒", "遊戲科技"), ("動漫工作室",)),
    ("航空製造", 1.5, ("航空科技", "航空部件"), ("零件加工部",)),
    ("生物醫藥", 3, ("生物科技", "醫藥", "製藥"), ("藥店",)),
    ("電子信息", 4, ("電子", "電子科技"), ("電子產品經銷部",)),
    ("新材料", 2, ("新材料", "材料科技"), ("建材經銷部",)),
    ("物流運輸", 6, ("物流", "運輸", "供應鏈管理"), ("貨運站", "快遞代辦點")),
    ("建築裝飾", 6, ("建築工程", "裝飾工程"), ("裝飾工作室", "裝修隊")),
    ("商務服務", 5, ("企業管理諮詢", "商務服務"), ("代理記賬工作室",)),
    ("文化創意", 3, ("文化創意", "廣告傳媒"), ("廣告製作部", "圖文社")),
    ("教育培訓", 3, ("教育科技", "培訓"), ("培訓中心",)),
    ("醫療健康", 3, ("醫療器械", "健康管理"), ("診所", "保健按摩店")),
    ("現代農業", 3, ("農業科技", "農產品"), ("農資店",)),
    ("新能源", 2, ("新能源", "能源科技"), ("電動車經銷部",)),
    ("環保科技", 2, ("環保科技", "環境工程"), ("廢品回收站",)),
    ("金融服務", 1.5, ("投資管理", "融資擔保"), ("保險代理點",)),
    ("房地產", 2, ("房地產開發", "物業管理"), ("房屋中介",)),
    ("家政服務", 3, ("家政服務", "保潔服務"), ("家政服務部",)),
    ("美容美髮", 4, ("美容美髮",), ("理髮店", "美容院", "美甲店")),
    ("印刷包裝", 2, ("印刷", "包裝製品"), ("印刷部",)),
    ("服裝紡織", 3, ("服飾", "紡織"), ("服裝店", "裁縫店")),
    ("機器人", 1, ("機器人", "智能裝備"), ("智能設備經銷部",)),
    ("社會服務", 0, ("社會服務",), ("服務部",)),  # social organizations only
)
INDUSTRY_NAMES = tuple(i[0] for i in INDUSTRIES)
_SOCIAL_SERVICE = INDUSTRY_NAMES.index("社會服務")
#: non-profit social organizations: (kind, industry)
NON_PROFITS = (("職業培訓學校", "教育培訓"), ("幼兒園", "教育培訓"), ("養老服務中心", "社會服務"),
               ("社會工作服務中心", "社會服務"), ("康復中心", "醫療健康"),
               ("藝術培訓中心", "文化創意"), ("志願服務中心", "社會服務"),
               ("社區衛生服務站", "醫療健康"))
ZONE_WIDE_ASSOCIATIONS = ("商會", "創業者協會", "個體勞動者協會", "私營企業協會")
ARTICLE_ZONES = ("工業園片區", "動漫基地片區", "雲谷片區", "哈平路以東片區", "新空間片區",
                 "南崗片區")
ZONE_BASES = ("哈南", "松北", "群力", "哈西", "學府", "利民", "呼蘭", "阿城", "雙城", "賓西",
              "臨空", "濱江", "香坊", "道里", "江北", "太陽島", "紅旗", "先鋒", "建國", "東輕",
              "迎賓", "會展", "科技城", "綜合保稅", "新區", "松花江", "冰城", "龍江")
ZONE_SUFFIXES = ("片區", "產業園", "園區")
STREET_FIRST = "新友保平興建聯前長東西南北和勝文明光華安"
STREET_SECOND = "偉協國樂盛安民進青風福化和興利康寧陽泰豐"
BRAND = ("華鑫恒盛達創新遠泰宏興豐源信誠德隆瑞福安康億嘉利通捷明晟匯博卓睿鴻"
         "藍天金龍鳳北冰松江雪林港宇航晨陽光峰海景佳和美久長正中")
PLACES = ("哈爾濱", "黑龍江", "平房區", "哈經開", "", "", "")
UNIVERSITIES = ("哈爾濱工業大學", "哈爾濱工程大學", "東北林業大學", "黑龍江大學", "哈爾濱理工大學",
                "東北農業大學", "哈爾濱醫科大學", "哈爾濱商業大學", "黑龍江科技大學",
                "哈爾濱師範大學", "黑龍江中醫藥大學", "哈爾濱學院")
UNIVERSITY_FIELDS = ("信息工程", "職業技術", "應用技術", "財經", "醫學", "農業工程", "建築",
                     "交通", "電子", "外國語")
SERVICE_KINDS = ("企業服務中心", "知識產權代理中心", "人力資源服務中心", "會計師事務所",
                 "科技成果轉化中心", "法律服務所", "檢驗檢測中心", "融資服務中心")
SIZES = ("above_scale", "sme", "micro", "individual")
SIZE_WEIGHTS = (2.5, 15, 40, 42.5)
#: (median employees, sigma) of the lognormal per size; above_scale is Pareto instead
EMPLOYEES = {"sme": (60.0, 0.7), "micro": (9.0, 0.6), "individual": (2.5, 0.6)}
#: share of party members among employees, by size or type (multiplied by a lognormal)
MEMBER_RATE = {"above_scale": 0.07, "sme": 0.028, "micro": 0.025, "individual": 0.04,
               "social_org": 0.06, "incubator": 0.07, "university": 0.12, "service_body": 0.08}
LEVEL_NAMES = {"committee": "黨委", "general_branch": "黨總支", "branch": "黨支部"}

_ENT, _SOC, _INC, _UNI, _SVC = range(5)
_TYPE_NAMES = ("enterprise", "social_org", "incubator", "university", "service_body")
_PREFIXES = ("ent", "soc", "inc", "uni", "svc")


@dataclass
class GenerateReport(Report):
    """What ``generate`` wrote: rows per type, relationships per type (LOCATED_IN included,
    which the reader makes from the zone and street columns), and coverage as generated."""

    orgs: int
    seed: int
    folder: str
    organizations: dict[str, int]
    relationships: dict[str, int]
    in_scope: int = 0
    covered: int = 0
    covered_by_mode: dict[str, int] = field(default_factory=dict)
    guided: int = 0
    employees_unknown: int = 0
    party_members_unknown: int = 0
    industries: int = 0

    @property
    def nodes(self) -> int:
        return sum(self.organizations.values())

    @property
    def edges(self) -> int:
        return sum(self.relationships.values())

    @property
    def formation_rate(self) -> float:
        return round(self.covered / self.in_scope, 6) if self.in_scope else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "orgs": self.orgs, "seed": self.seed,
                "nodes": self.nodes, "edges": self.edges,
                "rows": [{"kind": k, "name": n, "count": c} for k, n, c in describe(self)]}

    def tables(self) -> list[Table]:
        return [Table(["kind", "name", "count"], [list(row) for row in describe(self)])]

    def footer(self) -> list[str]:
        return [gettext("{nodes} organizations, {edges} relationships written to {folder}").format(
            nodes=self.nodes, edges=self.edges, folder=self.folder)]


def level_for(members: int) -> str:
    """The level an organization of ``members`` formal members takes (DOMAIN.md rules).

    >>> level_for(3), level_for(51), level_for(100)
    ('branch', 'general_branch', 'committee')
    """
    if members >= 100:
        return "committee"
    if members > 50:
        return "general_branch"
    return "branch"


def _width(count: int) -> int:
    return max(3, len(str(count)))


class _Writer:
    """Streams organization and relationship rows to the two CSV files and counts them."""

    def __init__(self, folder: Path, provenance: str | None = None):
        self.tail = (provenance,) if provenance else ()
        self.org_file = open(folder / (ORGANIZATIONS_FILE + ".tmp"), "w",  # noqa: SIM115
                             encoding="utf-8", newline="", buffering=1 << 20)
        self.rel_file = open(folder / (RELATIONSHIPS_FILE + ".tmp"), "w",  # noqa: SIM115
                             encoding="utf-8", newline="", buffering=1 << 20)
        self.orgs = csv.writer(self.org_file, lineterminator="\n")
        self.rels = csv.writer(self.rel_file, lineterminator="\n")
        self.orgs.writerow(ORG_HEADER + ("provenance",) * len(self.tail))
        self.rels.writerow(REL_HEADER + ("provenance",) * len(self.tail))
        self.org_counts: dict[str, int] = {t: 0 for t in schema.LABELS}
        self.rel_counts: dict[str, int] = {t: 0 for t in schema.RELATIONSHIPS}

    def org(self, row: tuple[str, ...]) -> None:
        self.orgs.writerow(row + self.tail)
        self.org_counts[row[1]] += 1
        self.rel_counts["LOCATED_IN"] += (row[8] != "") + (row[9] != "")

    def rel(self, source: str, target: str, rel_type: str, mode: str = "",
            since: str = "") -> None:
        self.rels.writerow((source, target, rel_type, mode, since, *self.tail))
        self.rel_counts[rel_type] += 1

    def finish(self, folder: Path) -> None:
        self.org_file.close()
        self.rel_file.close()
        os.replace(folder / (ORGANIZATIONS_FILE + ".tmp"), folder / ORGANIZATIONS_FILE)
        os.replace(folder / (RELATIONSHIPS_FILE + ".tmp"), folder / RELATIONSHIPS_FILE)

    def abort(self, folder: Path) -> None:
        self.org_file.close()
        self.rel_file.close()
        for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE):
            (folder / (name + ".tmp")).unlink(missing_ok=True)


@gc_paused
def generate(orgs: int, seed: int, out_dir: str | os.PathLike[str], *,
             force: bool = True, years: tuple[int, int] | None = None,
             provenance: str | None = None) -> GenerateReport:
    """Write a synthetic district of ``orgs`` units into ``out_dir`` (created if missing);
    with ``years`` (first, last), dated by graphmodel/dating.py; with ``provenance``, that
    text in the provenance cell of every row (e.g. "synthetic").

    Existing organizations.csv / relationships.csv there are replaced (each file is written
    under a temporary name and renamed when complete); without ``force`` they are refused
    (UsageError) and nothing is written.

    >>> report = generate(10_000, seed=7, out_dir="/tmp/district")     # doctest: +SKIP
    >>> report.organizations["zone"], round(report.formation_rate, 2)  # doctest: +SKIP
    (6, 0.54)
    """
    if orgs < MIN_ORGS:
        raise UsageError(Text("--orgs {orgs}: a district needs at least {least} "
                              "organizations", orgs=orgs, least=MIN_ORGS))
    if years is not None and not 1900 < years[0] < years[1] < 3000:
        raise UsageError(Text("--years {first}-{last}: expected two years, the first before "
                              "the last, e.g. 2016-2017", first=years[0], last=years[1]))
    folder = Path(out_dir)
    existing = [name for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
                if (folder / name).exists()]
    if existing and not force:
        raise UsageError(Text("{folder} already holds {files}; choose another folder or give "
                              "--force to overwrite", folder=str(out_dir),
                              files=Codes("file", existing, " and ")))
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(folder, provenance)
    try:
        report = _District(orgs, seed, writer).build()
    except BaseException:
        writer.abort(folder)
        raise
    writer.finish(folder)
    if years is not None:
        from graphmodel.dating import date_district

        date_district(folder, years[0], years[1], seed)
    report.folder = str(folder)
    report.organizations = {t: n for t, n in writer.org_counts.items() if n}
    report.relationships = {t: n for t, n in writer.rel_counts.items() if n}
    return report


class _District:
    """The generator's state: units as parallel lists indexed by unit number."""

    def __init__(self, orgs: int, seed: int, writer: _Writer):
        self.n = orgs
        self.seed = seed
        self.rng = random.Random(seed)
        self.w = writer
        self.report = GenerateReport(orgs, seed, "", {}, {})

    # -- orchestration -------------------------------------------------------------------

    def build(self) -> GenerateReport:
        self._areas()
        self._units()
        self._memberships()
        self._incubation()
        self._universities()
        self._services()
        self._partnerships()
        self._coverage()
        return self.report

    # -- areas ---------------------------------------------------------------------------

    def _areas(self) -> None:
        rng = self.rng
        zones = max(2, round(6 * self.n / 10_000))
        zw = _width(zones)
        combos = [b + s for s in ZONE_SUFFIXES for b in ZONE_BASES]
        self.zone_ids: list[str] = []
        self.zone_names: list[str] = []
        for z in range(zones):
            if z < len(ARTICLE_ZONES):
                name = ARTICLE_ZONES[z]
            else:
                k = z - len(ARTICLE_ZONES)
                base = combos[k % len(combos)]
                name = base if k < len(combos) else f"{base[:-2]}{k // len(combos) + 1}{base[-2:]}"
            self.zone_ids.append(f"zone-{z + 1:0{zw}d}")
            self.zone_names.append(name)
            self.w.org((self.zone_ids[-1], "zone", name, "", "", "", "", "", "", ""))
        street_names = [a + b for a in STREET_FIRST for b in STREET_SECOND]
        rng.shuffle(street_names)
        per_zone = [rng.randint(6, 10) for _ in range(zones)]
        total = sum(per_zone)
        sw = _width(total)
        self.street_ids: list[str] = []
        self.street_names: list[str] = []
        self.street_zone: list[int] = []
        weights: list[float] = []
        for z in range(zones):
            zone_weight = rng.lognormvariate(0, 0.5)
            for _ in range(per_zone[z]):
                s = len(self.street_ids)
                base = street_names[s % len(street_names)]
                if s >= len(street_names):
                    base = self.zone_names[z][:2] + base
                name = base + ("鎮" if rng.random() < 0.15 else "街道")
                self.street_ids.append(f"street-{s + 1:0{sw}d}")
                self.street_names.append(name)
                self.street_zone.append(z)
                weights.append(zone_weight * rng.lognormvariate(0, 0.4) / per_zone[z])
                # the contract has no area inside an area: a street's zone shows through the
                # units that lie in both
                self.w.org((self.street_ids[-1], "street", name, "", "", "", "", "", "", ""))
        self.street_cum = _cumulative(weights)
        # industry mix per zone: three favoured industries each
        base = [i[1] for i in INDUSTRIES]
        self.zone_industry_cum: list[list[float]] = []
        for _ in range(zones):
            favoured = rng.sample(range(len(INDUSTRIES) - 1), 3)
            mix = [w * (5.0 if i in favoured else 1.0) for i, w in enumerate(base)]
            self.zone_industry_cum.append(_cumulative(mix))

    # -- units ---------------------------------------------------------------------------

    def _units(self) -> None:
        n, rng = self.n, self.rng
        counts = [0, round(n * 0.08), max(1, round(n * 0.003)), max(1, round(n / 5000)),
                  max(1, round(n * 0.005))]
        counts[_ENT] = n - sum(counts)
        self.kind: list[int] = []
        self.street: list[int] = rng.choices(range(len(self.street_ids)),
                                             cum_weights=self.street_cum, k=n)
        self.industry: list[int] = []  # -1: none
        self.size: list[int] = []  # index in SIZES; -1 for non-enterprises
        self.members: list[int] = []  # true count; -1 where the register leaves it empty
        self.ids: list[str] = []
        self.names: list[str] = []
        rand, lognorm, choice = rng.random, rng.lognormvariate, rng.choice
        size_cum = _cumulative(SIZE_WEIGHTS)
        industry_range = range(len(INDUSTRIES))
        unknown_emp = unknown_members = 0
        zones_of = self.street_zone
        index = 0
        for kind, count in enumerate(counts):
            width, prefix = _width(count), _PREFIXES[kind]
            type_name = _TYPE_NAMES[kind]
            for k in range(count):
                s = self.street[index]
                z = zones_of[s]
                uid = f"{prefix}-{k + 1:0{width}d}"
                size = -1
                industry = -1
                if kind == _ENT:
                    industry = rng.choices(industry_range,
                                           cum_weights=self.zone_industry_cum[z])[0]
                    size = rng.choices(range(4), cum_weights=size_cum)[0]
                    size_name = SIZES[size]
                    if size == 0:
                        employees = min(50_000, int(250 * rng.paretovariate(1.25)))
                    else:
                        median, sigma = EMPLOYEES[size_name]
                        employees = max(1, int(median * lognorm(0, sigma) + 0.5))
                    rate = MEMBER_RATE[size_name]
                    name = self._enterprise_name(industry, size)
                elif kind == _SOC:
                    employees = max(1, int(8 * lognorm(0, 0.8) + 0.5))
                    rate = MEMBER_RATE["social_org"]
                    name, industry = self._social_name(z, s)
                elif kind == _INC:
                    employees = max(3, int(25 * lognorm(0, 0.5)))
                    rate = MEMBER_RATE["incubator"]
                    industry = rng.choices(industry_range,
                                           cum_weights=self.zone_industry_cum[z])[0]
                    name = (self._brand()
                            + choice(("雙創孵化器", "眾創空間", "科技企業孵化器",
                                      INDUSTRIES[industry][2][0] + "孵化基地")))
                elif kind == _UNI:
                    employees = int(2500 * lognorm(0, 0.5))
                    rate = MEMBER_RATE["university"]
                    name = self._university_name(k)
                else:
                    employees = max(2, int(30 * lognorm(0, 0.7)))
                    rate = MEMBER_RATE["service_body"]
                    name = (("黑龍江省生產力促進中心" if k == 0 else
                             self.zone_names[z].removesuffix("片區") + choice(SERVICE_KINDS))
                            if rand() < 0.5 or k == 0 else
                            self._brand() + choice(SERVICE_KINDS))
                members = int(employees * rate * lognorm(0, 0.9) + rand())
                members = min(members, employees)
                emp_text = str(employees)
                if rand() < 0.03:
                    emp_text = ""
                    unknown_emp += 1
                mem_text = str(members)
                if rand() < 0.05:
                    mem_text = ""
                    members = -1
                    unknown_members += 1
                self.w.org((uid, type_name, name,
                            INDUSTRY_NAMES[industry] if industry >= 0 else "",
                            SIZES[size] if size >= 0 else "", emp_text, mem_text, "",
                            self.zone_ids[z], self.street_ids[s]))
                self.kind.append(kind)
                self.industry.append(industry)
                self.size.append(size)
                self.members.append(members)
                self.ids.append(uid)
                self.names.append(name)
                index += 1
        self.report.employees_unknown = unknown_emp
        self.report.party_members_unknown = unknown_members
        self.report.industries = len({i for i in self.industry if i >= 0})
        # look-ups for the later passes, all lists in unit order
        zones = len(self.zone_ids)
        self.zone_units: list[list[int]] = [[] for _ in range(zones)]
        self.street_units: list[list[int]] = [[] for _ in self.street_ids]
        self.bucket_of: list[int] = [0] * n  # (zone, industry) bucket
        self.bucket_pos: list[int] = [0] * n
        self.buckets: list[list[int]] = []
        bucket_index: dict[tuple[int, int], int] = {}
        for u in range(n):
            s = self.street[u]
            z = zones_of[s]
            if self.kind[u] in (_ENT, _SOC, _INC):
                self.street_units[s].append(u)
                self.zone_units[z].append(u)
                key = (z, self.industry[u])
                b = bucket_index.setdefault(key, len(self.buckets))
                if b == len(self.buckets):
                    self.buckets.append([])
                self.bucket_of[u] = b
                self.bucket_pos[u] = len(self.buckets[b])
                self.buckets[b].append(u)

    def _brand(self) -> str:
        """A two-character trade name (字號) of two different characters."""
        choice = self.rng.choice
        first, second = choice(BRAND), choice(BRAND)
        while second == first:
            second = choice(BRAND)
        return first + second

    def _enterprise_name(self, industry: int, size: int) -> str:
        rng = self.rng
        brand = self._brand()
        _, _, words, shops = INDUSTRIES[industry]
        if size == 3:  # individual business
            return brand + rng.choice(shops)
        form = ("股份有限公司", "集團有限公司", "有限公司")[rng.randrange(3)] if size == 0 \
            else ("有限公司" if rng.random() < 0.8 else "有限責任公司")
        return rng.choice(PLACES) + brand + rng.choice(words) + form

    def _social_name(self, zone: int, street: int) -> tuple[str, int]:
        rng = self.rng
        if rng.random() < 0.33:  # an association
            prefix = self.zone_names[zone].removesuffix("片區")
            if rng.random() < 0.7:
                industry = rng.choices(range(len(INDUSTRIES)),
                                       cum_weights=self.zone_industry_cum[zone])[0]
                return prefix + INDUSTRY_NAMES[industry] + "行業協會", industry
            return prefix + rng.choice(ZONE_WIDE_ASSOCIATIONS), -1
        kind, industry_name = rng.choice(NON_PROFITS)
        brand = self._brand()
        return self.street_names[street][:2] + brand + kind, INDUSTRY_NAMES.index(industry_name)

    def _university_name(self, k: int) -> str:
        if k < len(UNIVERSITIES):
            return UNIVERSITIES[k]
        k -= len(UNIVERSITIES)
        place = PLACES[k % 4]
        field_name = UNIVERSITY_FIELDS[(k // 4) % len(UNIVERSITY_FIELDS)]
        serial = k // (4 * len(UNIVERSITY_FIELDS))
        return place + field_name + ("學院" if serial == 0 else f"學院第{serial + 1}校區")

    # -- cooperation -------------------------------------------------------------------------

    def _memberships(self) -> None:
        """Units join associations of their zone and industry; some join a second one."""
        rand = self.rng.random
        associations = [u for u in range(self.n)
                        if self.kind[u] == _SOC and self.names[u].endswith(
                            ("協會", "商會")) and not self.names[u].endswith("志願服務中心")]
        self.association_of: list[int] = [-1] * self.n
        if not associations:
            return
        by_zone_industry: dict[tuple[int, int], list[int]] = {}
        by_zone: dict[int, list[int]] = {}
        for a in associations:
            z = self.street_zone[self.street[a]]
            by_zone_industry.setdefault((z, self.industry[a]), []).append(a)
            by_zone.setdefault(z, []).append(a)
        join = {0: 0.55, 1: 0.3, 2: 0.1, 3: 0.04}
        for u in range(self.n):
            kind = self.kind[u]
            if kind == _ENT:
                p = join[self.size[u]]
            elif kind in (_INC, _SVC):
                p = 0.4
            else:
                continue
            if rand() >= p:
                continue
            z = self.street_zone[self.street[u]]
            pool = by_zone_industry.get((z, self.industry[u])) or by_zone.get(z) or associations
            first = pool[int(rand() * len(pool))]
            self.w.rel(self.ids[u], self.ids[first], "MEMBER_OF")
            self.association_of[u] = first
            if rand() < 0.12:  # a second association, anywhere: a bridge
                second = associations[int(rand() * len(associations))]
                if second != first:
                    self.w.rel(self.ids[u], self.ids[second], "MEMBER_OF")

    def _incubation(self) -> None:
        """Each incubator holds 8-50 small enterprises, most of them in its zone."""
        rng, rand = self.rng, self.rng.random
        small_by_zone: list[list[int]] = [[] for _ in self.zone_ids]
        small: list[int] = []
        for u in range(self.n):
            if self.kind[u] == _ENT and self.size[u] in (1, 2):
                small_by_zone[self.street_zone[self.street[u]]].append(u)
                small.append(u)
        self.incubated: set[int] = set()
        self.incubators = [u for u in range(self.n) if self.kind[u] == _INC]
        if not small:
            return
        for inc in self.incubators:
            z = self.street_zone[self.street[inc]]
            for _ in range(rng.randint(8, 50)):
                pool = small_by_zone[z] if small_by_zone[z] and rand() < 0.85 else small
                e = pool[int(rand() * len(pool))]
                if e in self.incubated:
                    continue
                self.incubated.add(e)
                self.w.rel(self.ids[inc], self.ids[e], "INCUBATES", "", str(2012 + int(rand() * 6)))

    def _universities(self) -> None:
        """Universities partner with incubators and larger enterprises, across zones too."""
        rng, rand = self.rng, self.rng.random
        large = [u for u in range(self.n) if self.kind[u] == _ENT and self.size[u] in (0, 1)]
        self.pairs: set[int] = set()
        for uni in (u for u in range(self.n) if self.kind[u] == _UNI):
            if self.incubators:
                for inc in rng.sample(self.incubators, min(len(self.incubators),
                                                           rng.randint(2, 6))):
                    self._partner(uni, inc)
            if large:
                for _ in range(rng.randint(10, 40)):
                    self._partner(uni, large[int(rand() * len(large))])

    def _services(self) -> None:
        """Service bodies serve units of their zone; the first one serves the whole district."""
        rng, rand = self.rng, self.rng.random
        everyone = [u for u in range(self.n) if self.kind[u] != _SVC]
        first = True
        for svc in (u for u in range(self.n) if self.kind[u] == _SVC):
            pool = self.zone_units[self.street_zone[self.street[svc]]] or everyone
            reach = everyone if first else pool
            served: set[int] = set()
            for _ in range(rng.randint(40, 80) if first else rng.randint(5, 35)):
                u = reach[int(rand() * len(reach))]
                if u not in served:
                    served.add(u)
                    self.w.rel(self.ids[svc], self.ids[u], "SERVES")
            first = False

    def _partner(self, a: int, b: int) -> None:
        if a == b:
            return
        key = a * self.n + b if a < b else b * self.n + a
        if key in self.pairs:
            return
        self.pairs.add(key)
        self.w.rel(self.ids[a], self.ids[b], "PARTNERS_WITH")

    def _partnerships(self) -> None:
        """Cooperation ties: neighbours in the same zone and industry, some zone-wide, a few
        anywhere (bridges). Larger units have more partners."""
        rand, lognorm = self.rng.random, self.rng.lognormvariate
        expected_by_size = (2.5, 0.7, 0.28, 0.07)
        zones_of, street = self.street_zone, self.street
        buckets, bucket_of, bucket_pos = self.buckets, self.bucket_of, self.bucket_pos
        in_scope = [u for u in range(self.n) if self.kind[u] in (_ENT, _SOC, _INC)]
        for u in in_scope:
            kind = self.kind[u]
            expected = (expected_by_size[self.size[u]] if kind == _ENT
                        else 0.3 if kind == _SOC else 2.0)
            ties = int(expected * lognorm(0, 0.5) + rand())
            for _ in range(ties):
                r = rand()
                if r < 0.78:
                    bucket = buckets[bucket_of[u]]
                    if len(bucket) < 2:
                        continue
                    offset = 1 + int(rand() * 6)
                    pos = bucket_pos[u] + (offset if rand() < 0.5 else -offset)
                    other = bucket[pos % len(bucket)]
                elif r < 0.94:
                    pool = self.zone_units[zones_of[street[u]]]
                    other = pool[int(rand() * len(pool))]
                else:
                    other = in_scope[int(rand() * len(in_scope))]
                self._partner(u, other)

    # -- party organizations -----------------------------------------------------------------

    def _coverage(self) -> None:
        """Party organizations and how they cover units (see the module docstring)."""
        rng, rand, w = self.rng, self.rng.random, self.w
        n_party = 0
        rows: list[tuple[str, ...]] = []
        width = _width(int(self.n * 0.2) + len(self.street_ids) + len(self.zone_ids))

        def new_org(name: str, level: str, members: int | None, industry: int, zone: int,
                    street: int | None) -> str:
            nonlocal n_party
            n_party += 1
            oid = f"po-{n_party:0{width}d}"
            rows.append((oid, "party_org", name,
                         INDUSTRY_NAMES[industry] if industry >= 0 else "", "", "",
                         "" if members is None else str(members), level,
                         self.zone_ids[zone], "" if street is None else self.street_ids[street]))
            return oid

        covered = {mode: 0 for mode in schema.ENUMS["mode"]}

        def cover(org: str, unit: int, mode: str) -> None:
            w.rel(org, self.ids[unit], "COVERS", mode, str(2010 + int(rand() * 8)))
            covered[mode] += 1

        zone_committee = [new_org(name.removesuffix("片區") + "園區黨委", "committee", None, -1,
                                  z, None)
                          for z, name in enumerate(self.zone_names)]
        street_committee = []
        for s, name in enumerate(self.street_names):
            z = self.street_zone[s]
            oid = new_org(name + "兩新黨委", "committee", None, -1, z, s)
            w.rel(oid, zone_committee[z], "SUBORDINATE_TO")
            street_committee.append(oid)

        # standalone organizations first: associations' ones host entrusted coverage
        own: dict[int, str] = {}
        decided: list[float] = [rand() for _ in range(self.n)]
        for u in range(self.n):
            m = self.members[u]
            if self.kind[u] in (_ENT, _SOC, _INC) and m >= 3 and decided[u] < 0.8:
                s = self.street[u]
                level = level_for(m)
                oid = new_org(self.names[u] + LEVEL_NAMES[level], level, m, -1,
                              self.street_zone[s], s)
                w.rel(oid, street_committee[s], "SUBORDINATE_TO")
                cover(oid, u, "standalone")
                own[u] = oid

        guided = 0
        for s, units in enumerate(self.street_units):
            z = self.street_zone[s]
            hosts: list[tuple[int, str]] = [(self.industry[u], own[u]) for u in units if u in own]
            joint: list[int] = []
            affiliated: list[int] = []
            for u in units:
                if u in own:
                    continue
                m, r = self.members[u], decided[u]
                if m >= 3:  # the rest of the 3+ units: a few only joint or affiliated
                    action = ("joint" if r < 0.84 and m <= 10 else "affiliated" if r < 0.87
                              else "")
                elif m in (1, 2):
                    action = ("joint" if r < 0.35 else "affiliated" if r < 0.62
                              else "entrusted" if r < 0.68 else "")
                elif m == 0:
                    action = ("joint" if r < 0.05 else "affiliated" if r < 0.18
                              else "entrusted" if r < 0.44 else "guided" if r < 0.62 else "")
                else:  # unknown
                    action = ("affiliated" if r < 0.15 else "entrusted" if r < 0.35
                              else "guided" if r < 0.45 else "")
                if action == "joint":
                    joint.append(u)
                elif action == "affiliated":
                    affiliated.append(u)
                elif action == "entrusted":
                    a = self.association_of[u]
                    cover(own.get(a, zone_committee[z]), u, "entrusted")
                elif action == "guided":
                    w.rel(street_committee[s], self.ids[u], "GUIDES")
                    guided += 1
            serial: dict[int, int] = {}
            for group in self._joint_groups(joint):
                total = sum(max(0, self.members[u]) for u in group)
                if total < 3:
                    affiliated.extend(group)
                    continue
                industries = {self.industry[u] for u in group}
                industry = self.industry[group[0]] if len(industries) == 1 else -1
                # 行業黨支部 per industry, 聯合黨支部 for mixed groups; numbered when several
                number = serial[industry] = serial.get(industry, 0) + 1
                level = level_for(total)
                if industry >= 0:
                    kind = INDUSTRY_NAMES[industry] + "行業" + (f"第{number}" if number > 1
                                                              else "")
                else:
                    kind = f"第{number}聯合"
                name = self.street_names[s] + kind + LEVEL_NAMES[level]
                oid = new_org(name, level, total, industry, z, s)
                w.rel(oid, street_committee[s], "SUBORDINATE_TO")
                for u in group:
                    cover(oid, u, "joint")
                hosts.append((industry, oid))
            for u in sorted(affiliated):
                same = [oid for industry, oid in hosts if industry == self.industry[u]]
                if same and rand() < 0.7:
                    host = same[int(rand() * len(same))]
                elif hosts:
                    host = hosts[int(rand() * len(hosts))][1]
                else:
                    host = street_committee[s]
                cover(host, u, "affiliated")
            # the street committee's venue serves a couple of units
            for u in rng.sample(units, min(2, len(units))):
                w.rel(street_committee[s], self.ids[u], "SERVES")
        for row in rows:
            w.org(row)
        report = self.report
        report.in_scope = sum(len(units) for units in self.street_units)
        report.covered = sum(covered.values())
        report.covered_by_mode = covered
        report.guided = guided

    def _joint_groups(self, units: list[int]) -> list[list[int]]:
        """Cut a street's joint candidates into groups of 2-5, by industry where possible."""
        rng = self.rng
        by_industry: dict[int, list[int]] = {}
        for u in units:
            by_industry.setdefault(self.industry[u], []).append(u)
        groups: list[list[int]] = []
        pooled: list[int] = []
        for industry in sorted(by_industry):
            members = by_industry[industry]
            if len(members) < 2:
                pooled.extend(members)
                continue
            groups.extend(_cut(members, rng))
        if len(pooled) >= 2:
            groups.extend(_cut(pooled, rng))
        return groups


def _cut(units: list[int], rng: random.Random) -> list[list[int]]:
    """Consecutive groups of 2-5 units (sizes drawn, never a group of one)."""
    groups: list[list[int]] = []
    start = 0
    while start < len(units):
        left = len(units) - start
        size = left if left <= 5 else rng.randint(2, min(5, left - 2))
        groups.append(units[start:start + size])
        start += size
    return groups


def _cumulative(weights: list[float] | tuple[float, ...]) -> list[float]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def describe(report: GenerateReport) -> list[tuple[str, str, int | float]]:
    """(kind, name, count) rows of a report, for the CLI's table, CSV and JSON.

    >>> describe(GenerateReport(100, 1, "/tmp/x", {"zone": 2}, {"COVERS": 5}))[:2]
    [('organizations', 'zone', 2), ('relationships', 'COVERS', 5)]
    """
    rows: list[tuple[str, str, int | float]] = []
    rows += [("organizations", t, n) for t, n in report.organizations.items()]
    rows += [("relationships", t, n) for t, n in report.relationships.items()]
    rows += [("coverage", "in_scope", report.in_scope), ("coverage", "covered", report.covered)]
    rows += [("coverage", mode, n) for mode, n in report.covered_by_mode.items()]
    rows += [("coverage", "guided", report.guided),
             ("coverage", "formation_rate", report.formation_rate),
             ("unknown", "employees", report.employees_unknown),
             ("unknown", "party_members", report.party_members_unknown),
             ("industries", "distinct", report.industries)]
    return rows
