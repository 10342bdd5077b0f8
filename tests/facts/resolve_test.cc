// The resolver's decisions (facts/resolve.cc, facts/context.cc), each on short texts through the
// whole pipeline with the project's grammar pack: what a reader fills in that the sentence's rule
// did not capture (subject, period, type, scope, location, object) and what it refuses (a
// comparison base as a period, a frame's figure that another rule claims). Each case names the
// decision it covers; breaking that decision fails it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "base/pack_schema.h"
#include "facts/extractor.h"

namespace quarry::facts {
namespace {

std::shared_ptr<const Resources> Pack() {
  static std::shared_ptr<const Resources> res = [] {
    std::vector<std::string> errors;
    auto r = Resources::Load(QUARRY_SOURCE_DIR "/grammars", &errors);
    for (const auto& e : errors) UNSCOPED_INFO(e);
    return r;
  }();
  return res;
}

// The facts of one plain-text document published on 2 December 2025 (its first line is the
// headline, blank lines separate paragraphs).
std::vector<Fact> Facts(const std::string& text, const std::string& url = "", const std::string& title = "") {
  REQUIRE(Pack());
  Document d;
  d.id = "t";
  d.url = url;
  d.title = title;
  d.raw = text;
  d.published = "2025-12-02";
  Extractor ex(Pack());
  std::vector<Fact> out;
  ex.Extract(d, &out);
  return out;
}

// The one fact of `type` with value `value` (written as Decimal::ToString gives it), or nullptr.
const Fact* Find(const std::vector<Fact>& facts, const std::string& type, const std::string& value) {
  const Fact* found = nullptr;
  for (const auto& f : facts)
    if (f.type == type && f.value.ToString() == value) {
      REQUIRE(found == nullptr);
      found = &f;
    }
  return found;
}

bool Has(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

}  // namespace

TEST_CASE("subject: a figure's clause carries its subject, a company named before the figure blocks it") {
  // The change after "delivered 17,218 vehicles" is Voyah's: the clause's subject, not the
  // Dongfeng of its appositive.
  auto facts = Facts("Dongfeng sales\n\nVoyah, the premium brand of Dongfeng, delivered 17,218 vehicles in November, up 63% year on year.\n");
  const Fact* yoy = Find(facts, "yoy_pct", "63");
  REQUIRE(yoy);
  CHECK(yoy->subject == "Voyah");
  // A second company between the first fact and the figure is the figure's subject.
  facts = Facts("EV sales\n\nLeapmotor delivered 70,327 vehicles in November, while NIO grew 20% year on year.\n");
  const Fact* nio = Find(facts, "yoy_pct", "20");
  REQUIRE(nio);
  CHECK(nio->subject == "NIO");
}

TEST_CASE("subject: the paragraph's subject carries to the next sentence; a pronoun takes it") {
  auto facts = Facts("EV sales\n\nLeapmotor delivered 70,327 vehicles in November. It delivered 5,000 vehicles in October.\n");
  const Fact* second = Find(facts, "deliveries", "5000");
  REQUIRE(second);
  CHECK(second->subject == "Leapmotor");
  CHECK(second->period == "2025-10");
  // No pronoun, no company in the headline: the last company of the sentence before.
  facts = Facts("EV sales\n\nBYD sold 480,186 vehicles in November. Overseas sales reached 133,172 units.\n");
  const Fact* overseas = Find(facts, "exports", "133172");
  REQUIRE(overseas);
  CHECK(overseas->subject == "BYD");
  CHECK(overseas->period == "2025-11");
}

TEST_CASE("subject: a pronoun opening a paragraph is the company of the paragraph above, not the headline's") {
  // A round-up headed by one maker: "its" in the next paragraph is the maker just reported.
  auto facts = Facts("BYD races past its annual goal\n\nBYD delivered 40,000 vehicles in November.\n\n"
                     "Zeekr handed over 21,400 cars in November.\n\n"
                     "With that month counted, it stands below its full-year target of 180,000 vehicles.\n");
  const Fact* target = Find(facts, "target", "180000");
  REQUIRE(target);
  CHECK(target->subject == "Zeekr");
  // A paragraph that names its company first keeps it for its own pronouns.
  facts = Facts("BYD races past its annual goal\n\nZeekr handed over 21,400 cars in November.\n\n"
                "Leapmotor, which is growing fast, said in its filing that it delivered 20,000 vehicles in October.\n");
  const Fact* oct = Find(facts, "deliveries", "20000");
  REQUIRE(oct);
  CHECK(oct->subject == "Leapmotor");
}

TEST_CASE("subject: 'the company' is the headline's, else the last fact's; 'the joint venture' its venture") {
  // A headline that names no company: "the company" is the one of the fact just before.
  auto facts = Facts("Chinese EV makers race abroad\n\nBYD opened 20 stores in Brazil in November.\n\n"
                     "The company plans to open 100 stores.\n");
  const Fact* plan = Find(facts, "outlets", "100");
  REQUIRE(plan);
  CHECK(plan->subject == "BYD");
  // "The joint venture" of the headline's Leapmotor is the gazetteer's `venture` whose parent
  // Leapmotor is.
  facts = Facts("Leapmotor posts record\n\nThe joint venture delivered 5,000 vehicles in November.\n");
  const Fact* jv = Find(facts, "deliveries", "5000");
  REQUIRE(jv);
  CHECK(jv->subject == "Leapmotor International");
}

TEST_CASE("subject: a model's figure stays the model's; a heading of a brand and its model heads the brand's") {
  auto facts = Facts("AITO sales\n\nAITO delivered 40,000 vehicles in November. The AITO M9 delivered 15,000 units in "
                     "November, up 20% year on year.\n");
  const Fact* m9 = Find(facts, "deliveries", "15000");
  REQUIRE(m9);
  CHECK(m9->subject == "AITO M9");
  const Fact* change = Find(facts, "yoy_pct", "20");
  REQUIRE(change);
  CHECK(change->subject == "AITO M9");
  // A listicle: the model as a heading, its figures below.
  facts = Facts("Top models\n\nAITO M9\n\nDeliveries reached 15,000 units in November.\n");
  const Fact* listed = Find(facts, "deliveries", "15000");
  REQUIRE(listed);
  CHECK(listed->subject == "AITO M9");
  facts = Facts("Xiaomi EV deliveries top 40,000, YU7 accounts for most\n\nDeliveries reached 41,000 units in November.\n");
  const Fact* brand = Find(facts, "deliveries", "41000");
  REQUIRE(brand);
  CHECK(brand->subject == "Xiaomi");
}

TEST_CASE("market subject: a body's market figure is the market's, the body its source qualifier") {
  auto facts = Facts("乘用车市场\n\n据乘联会数据, 11月全国乘用车零售222万辆。\n");
  const Fact* f = Find(facts, "sales", "2220000");
  REQUIRE(f);
  CHECK(f->subject == "China");
  CHECK(Has(f->qualifiers, "source:CPCA"));
  CHECK(f->scope == "passenger/retail");
  CHECK(f->period == "2025-11");
}

TEST_CASE("period: a comparison base is never the figure's period") {
  // "from October" is the change's base: the sales figure has the heading's November, the change
  // is month on month of November.
  auto facts = Facts("BYD November sales\n\nBYD sold 300,000 vehicles, up 18% from October.\n");
  const Fact* sales = Find(facts, "sales", "300000");
  REQUIRE(sales);
  CHECK(sales->period == "2025-11");
  const Fact* change = Find(facts, "mom_pct", "18");
  REQUIRE(change);
  CHECK(change->period == "2025-11");
}

TEST_CASE("period: a year-to-date cue gives a cumulative figure a range; a month's figure keeps its month") {
  auto facts = Facts("BYD sales\n\nBYD has sold 3.8 million vehicles so far this year.\n");
  const Fact* ytd = Find(facts, "cumulative", "3800000");
  REQUIRE(ytd);
  CHECK(ytd->period == "2025-01..2025-11");
  // A running total's range written as such: the cumulative figure takes it from its sentence.
  facts = Facts("零跑汽车\n\n1-11月,零跑汽车累计交付新车536,132辆。\n");
  const Fact* zh = Find(facts, "cumulative", "536132");
  REQUIRE(zh);
  CHECK(zh->subject == "Leapmotor");
  CHECK(zh->period == "2025-01..2025-11");
  // A range is the period of the running total only; the monthly figure beside it is November's.
  facts = Facts("BYD sales\n\nBYD sold 480,186 vehicles in November, bringing its total for January-November to "
                "4,182,000 vehicles.\n");
  const Fact* month = Find(facts, "sales", "480186");
  REQUIRE(month);
  CHECK(month->period == "2025-11");
  const Fact* total = Find(facts, "cumulative", "4182000");
  REQUIRE(total);
  CHECK(total->period == "2025-01..2025-11");
}

TEST_CASE("scope: a part's scope comes from the words of its own clause") {
  auto facts = Facts("BYD sales\n\nBYD sold 480,186 NEVs in November, of which 237,540 were BEVs.\n");
  const Fact* whole = Find(facts, "sales", "480186");
  REQUIRE(whole);
  CHECK(whole->scope == "");  // BYD sells only NEVs: NEV says nothing about a part
  const Fact* part = Find(facts, "sales", "237540");
  REQUIRE(part);
  CHECK(part->scope == "BEV");
  CHECK(part->subject == "BYD");
  CHECK(part->period == "2025-11");
}

TEST_CASE("location: a regional market named alone in the headline places a report's figures") {
  auto facts = Facts("Chinese brands take 7% of Europe's car market in November\n\nBYD led the group with 18,232 "
                     "registrations.\n");
  const Fact* f = Find(facts, "sales", "18232");
  REQUIRE(f);
  CHECK(f->subject == "BYD");
  CHECK(f->location == "Europe");
}

TEST_CASE("frames: a frame's figure that another rule's value claims is no fact of the frame") {
  // Alone, the frame reads a retail figure as sales.
  auto facts = Facts("BYD\n\nBYD 12月零售10万辆。\n");
  const Fact* sales = Find(facts, "sales", "100000");
  REQUIRE(sales);
  CHECK(sales->rule.find("frame.") != std::string::npos);
  // A change rule claims its own value ("rose 8.1%"), not the figure its change leads to ("to
  // 271,045 units"): the frame's sales figure stands beside the change.
  facts = Facts("BYD November sales\n\nSales of pure battery electric models rose 8.1% to 271,045 units, while "
                "plug-in hybrid sales dropped 17.6%.\n");
  const Fact* change = Find(facts, "yoy_pct", "8.1");
  REQUIRE(change);
  CHECK(change->scope == "BEV");
  const Fact* level = Find(facts, "sales", "271045");
  REQUIRE(level);
  CHECK(level->rule.find("frame.") != std::string::npos);
  facts = Facts("Leapmotor\n\nSales of Leapmotor rose 12% to 15,400 vehicles in May.\n");
  const Fact* may = Find(facts, "sales", "15400");
  REQUIRE(may);
  CHECK(may->subject == "Leapmotor");
  CHECK(may->period == "2025-05");
  // A fact rule whose value is the frame's figure still vetoes it: one fact, the rule's.
  facts = Facts("Leapmotor\n\nLeapmotor delivered 70,327 vehicles in November.\n");
  const Fact* rule = Find(facts, "deliveries", "70327");
  REQUIRE(rule);
  CHECK(rule->rule.find("frame.") == std::string::npos);
}

TEST_CASE("object: `set object=near` skips a joint venture formed after the stake, and a ratio splits by owners") {
  // The JV formed after the match is the deal's product, not the stake's object.
  auto facts = Facts("Stellantis deal\n\nStellantis acquired a 21% stake, formed Leapmotor International and now "
                     "cooperates with Leapmotor.\n");
  const Fact* stake = Find(facts, "stake_pct", "21");
  REQUIRE(stake);
  CHECK(stake->subject == "Stellantis");
  CHECK(stake->object == "Leapmotor");
  // A 51/49 JV: one stake per owner, in the order of the JV's `owners` attribute.
  facts = Facts("Stellantis deal\n\nStellantis acquired a 21% stake and formed the 51/49 JV Leapmotor International "
                "with Leapmotor.\n");
  const Fact* a = Find(facts, "stake_pct", "51");
  const Fact* b = Find(facts, "stake_pct", "49");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->subject == "Stellantis");
  CHECK(a->object == "Leapmotor International");
  CHECK(b->subject == "Leapmotor");
}

TEST_CASE("type: a change compared with a period takes the basis the two periods give") {
  // The month before: month on month; a year before: year on year; any other distance: no fact.
  auto facts = Facts("NIO deliveries\n\nNIO delivered 27,182 vehicles in January 2026, up 12% from 24,270 in December 2025.\n");
  const Fact* mom = Find(facts, "mom_pct", "12");
  REQUIRE(mom);
  CHECK(mom->period == "2026-01");
  facts = Facts("Deepal deliveries\n\nDeepal handed over 20,116 EVs in January 2026, which is 14% more than in January 2025.\n");
  const Fact* yoy = Find(facts, "yoy_pct", "14");
  REQUIRE(yoy);
  CHECK(yoy->subject == "Deepal");
  facts = Facts("NIO deliveries\n\nNIO delivered 27,182 vehicles in January 2026, up 12% from 24,270 in March 2025.\n");
  for (const auto& f : facts) CHECK(f.value.ToString() != "12");
}

TEST_CASE("scope: scope words inside the figure's own quantity count") {
  // The quantity swallows its unit's noun phrase ("9,400 fully electric vehicles"); the BEV in it
  // is the figure's scope all the same.
  auto facts = Facts("Leapmotor\n\nLeapmotor sold over 9,400 fully electric vehicles in November.\n");
  const Fact* f = Find(facts, "sales", "9400");
  REQUIRE(f);
  CHECK(f->scope == "BEV");
}

TEST_CASE("type: a periodic volume dated by a range is a running total of that range") {
  // Note [Ranged figures]: the schema's `ranged=cumulative` on deliveries.
  auto facts = Facts("零跑汽车\n\n2025年1-10月,零跑汽车交付新车46,318辆。\n");
  const Fact* zh = Find(facts, "cumulative", "46318");
  REQUIRE(zh);
  CHECK(zh->subject == "Leapmotor");
  CHECK(zh->period == "2025-01..2025-10");
  CHECK(Find(facts, "deliveries", "46318") == nullptr);
  facts = Facts("Leapmotor\n\nIn January-October, Leapmotor delivered 46,318 vehicles.\n");
  const Fact* en = Find(facts, "cumulative", "46318");
  REQUIRE(en);
  CHECK(en->period == "2025-01..2025-10");
  // A month nearer the figure keeps it a month's.
  facts = Facts("Leapmotor\n\nIn January-October, Leapmotor grew fast, and it delivered 7,115 vehicles in "
                "October.\n");
  const Fact* oct = Find(facts, "deliveries", "7115");
  REQUIRE(oct);
  CHECK(oct->period == "2025-10");
}

TEST_CASE("value: `set sign=-` makes a loss or a fall negative") {
  auto facts = Facts("零跑汽车\n\n2025年上半年,零跑汽车净亏损为人民币7.3亿元。\n");
  const Fact* loss = Find(facts, "net_income", "-730000000");
  REQUIRE(loss);
  CHECK(loss->subject == "Leapmotor");
  facts = Facts("客车\n\n9月,全国客车产销量分别达4.1万辆和3.9万辆,同比分别下降6%和5.5%。\n");
  CHECK(Find(facts, "yoy_pct", "-6"));
  CHECK(Find(facts, "yoy_pct", "-5.5"));
}

TEST_CASE("subject: an anaphor opening the next paragraph is the last figure's, scope and all") {
  // "This was up ..." says more of the figure just above, across the paragraph break: its
  // subject (a market here, named only in the sentence above), its scope and, for a base figure
  // typed `carry`, its type.
  auto facts = Facts(
      "Market update\n\nChina's NEV retail sales reached 76,700 units in November, the CPCA "
      "said.\n\nThis was up 37.5% from 55,800 units a year earlier.\n");
  const Fact* level = Find(facts, "sales", "76700");
  REQUIRE(level);
  const Fact* yoy = Find(facts, "yoy_pct", "37.5");
  REQUIRE(yoy);
  CHECK(yoy->subject == level->subject);
  CHECK(yoy->scope == level->scope);
  CHECK(yoy->period == "2025-11");
  const Fact* base = Find(facts, "sales", "55800");
  REQUIRE(base);
  CHECK(base->subject == level->subject);
  CHECK(base->period == "2024-11");

  // A figure between that gave no fact is what "this" stands for: no carry.
  auto blocked = Facts(
      "Market update\n\nChina's NEV retail sales reached 76,700 units in November.\n\n"
      "The association polled 2,710 dealers in 27 cities.\n\nThis was up 71.3% from a year earlier.\n");
  CHECK(Find(blocked, "yoy_pct", "71.3") == nullptr);
}

TEST_CASE("subject: with no heading or headline subject, a paragraph naming none continues the one above") {
  // A page whose title was lost: the market named in one paragraph is the subject of the next
  // paragraph's figures, which name none; a paragraph further down does not inherit it.
  auto facts = Facts(
      "Market update\n\nChina's NEV retail sales reached 76,700 units in November.\n\n"
      "Plug-in hybrids made up 27,100 of them.\n");
  const Fact* part = Find(facts, "sales", "27100");
  REQUIRE(part);
  CHECK(part->subject == "China");
  CHECK(part->scope == "PHEV/retail");  // the channel is carried through a market report
  auto gap = Facts(
      "Market update\n\nChina's NEV retail sales reached 76,700 units in November.\n\n"
      "The association polled 2,710 dealers in 27 cities.\n\nPlug-in hybrids made up 27,100 of them.\n");
  CHECK(Find(gap, "sales", "27100") == nullptr);
}

TEST_CASE("scope: a market report's `carried` dimension (class) carries to the market's later figures") {
  // The class is stated once ("passenger"); the BEV figure below names only its powertrain and
  // channel. A company's figure takes nothing from a market's.
  auto facts = Facts(
      "China NEV market\n\nChina's passenger NEV retail sales reached 767,000 units in October, the "
      "CPCA said.\n\nBEVs accounted for 495,000 retail sales in October.\n");
  const Fact* bev = Find(facts, "sales", "495000");
  REQUIRE(bev);
  CHECK(bev->subject == "China");
  CHECK(bev->scope == "passenger/BEV/retail");
  facts = Facts("Leapmotor deliveries\n\nLeapmotor's passenger car sales reached 70,327 units in November.\n\n"
                "Its BEV sales were 40,000 units in November.\n");
  const Fact* lp = Find(facts, "sales", "40000");
  REQUIRE(lp);
  CHECK(lp->scope == "BEV");
}

TEST_CASE("market subject: a headline led by a reporting body makes its region the subject nothing else names") {
  // The body (CAAM, region=China) is named only in the headline; the figure's sentence names no
  // market and no company.
  auto facts = Facts("CAAM publishes October data\n\n数据显示,10月份新能源汽车产销分别达到了146.3万辆和143万辆。\n");
  const Fact* sales = Find(facts, "sales", "1430000");
  REQUIRE(sales);
  CHECK(sales->subject == "China");
  // A company in the headline makes it the company's story: no market fallback.
  facts = Facts("CAAM says Leapmotor grew\n\nLeapmotor delivered 70,327 vehicles in November.\n\n"
                "Exports reached 5,000 units, a source said.\n");
  const Fact* ex = Find(facts, "exports", "5000");
  CHECK((ex == nullptr || ex->subject != "China"));
}

TEST_CASE("period: 'the previous month' is the month before the one named earlier, else the publication's") {
  // Published 2 December 2025: "the previous month" alone is November; after "in September" it is
  // August. The same holds from the sentence before.
  auto facts = Facts("NIO sales\n\nNIO sold 28,765 vehicles in September, down from 30,063 units in the previous month.\n");
  const Fact* base = Find(facts, "sales", "30063");
  REQUIRE(base);
  CHECK(base->period == "2025-08");
  facts = Facts("NIO sales\n\nNIO sold 28,765 vehicles in September. It sold 30,063 vehicles in the previous month.\n");
  base = Find(facts, "sales", "30063");
  REQUIRE(base);
  CHECK(base->period == "2025-08");
}

TEST_CASE("modality: a forecast cue makes the figures after it forecasts, unless their period is over") {
  // Published 2 December 2025: December is not over, so "expected ... up 15.4%" is a forecast;
  // November's change, reported beside it, stays actual.
  auto facts = Facts("China car market\n\nChina's passenger car retail sales rose 4.1% in November and are expected "
                     "to be up 15.4% year on year in December, the CPCA said.\n");
  const Fact* dec = Find(facts, "yoy_pct", "15.4");
  REQUIRE(dec);
  CHECK(dec->period == "2025-12");
  CHECK(dec->modality == "forecast");
  facts = Facts("NIO sales\n\nNIO expects sales to grow, after it sold 28,765 vehicles in October.\n");
  const Fact* oct = Find(facts, "sales", "28765");
  REQUIRE(oct);
  CHECK(oct->modality == "actual");
}

TEST_CASE("subject: a company the gazetteer does not know is no one else's subject") {
  // Note [Unknown names]: "Foobar Motors" is named as the subject; the figure is not BYD's.
  auto facts = Facts(
      "BYD sold 480,186 vehicles in November.\n\nFoobar Motors delivered 5,000 vehicles in November, "
      "and BYD's exports reached 131,935.\n");
  CHECK(Find(facts, "sales", "480186"));
  CHECK(Find(facts, "deliveries", "5000") == nullptr);
  CHECK(Find(facts, "exports", "131935"));
}

TEST_CASE("subject: 'the company' or 'the Group' is a company, never the market before it") {
  // The headline leads with a market and the previous figure is the market's: a figure whose
  // subject is "the Group" is not Europe's.
  auto facts = Facts(
      "Europe led BEV deliveries in the first half with 128,078 vehicles.\n\n"
      "In the USA, the Group handed over 18,514 battery-electric vehicles in the first half.\n");
  const Fact* us = Find(facts, "deliveries", "18514");
  CHECK((us == nullptr || us->subject != "Europe"));
  // A company named before it is the one "the Group" stands for.
  facts = Facts(
      "Volkswagen Group BEV deliveries\n\nEurope led BEV deliveries in the first half with 128,078 "
      "vehicles.\n\nIn the USA, the Group handed over 18,514 battery-electric vehicles in the first half.\n");
  us = Find(facts, "deliveries", "18514");
  REQUIRE(us);
  CHECK(us->subject == "Volkswagen");
}

TEST_CASE("subject: a page without a title takes the company its address names") {
  // Note [Subject from the address]: the first paragraph names no company.
  const std::string text =
      "As regards deliveries by regions, the home market of Europe was in the lead in the first half. "
      "In the USA, the Group handed over 18,514 vehicles in the first half. It gained share there. "
      "China followed. Deliveries rose in every region.\n";
  auto facts = Facts(text, "https://example.com/press/volkswagen-group-doubles-deliveries-in-first-half-17152");
  const Fact* us = Find(facts, "deliveries", "18514");
  REQUIRE(us);
  CHECK(us->subject == "Volkswagen");
  // A figure nothing in the document names a subject for is the address's company too.
  facts = Facts("Physical address\n\nHere are the key numbers for the quarter, released on Thursday:\n\n"
                "Total deliveries in Q4 2024: 495,570\n",
                "https://example.com/tesla-tsla-car-delivery-and-production-numbers-for-q4-2024");
  const Fact* q4 = Find(facts, "deliveries", "495570");
  REQUIRE(q4);
  CHECK(q4->subject == "Tesla");
  // Not with a title (the title is the headline), nor with no address.
  facts = Facts(text, "https://example.com/press/volkswagen-group-doubles-deliveries-in-first-half-17152",
                "Deliveries by region in the first half");
  us = Find(facts, "deliveries", "18514");
  CHECK((us == nullptr || us->subject != "Volkswagen"));
  facts = Facts(text);
  us = Find(facts, "deliveries", "18514");
  CHECK((us == nullptr || us->subject != "Volkswagen"));
  // A market or a model in the address is no subject.
  facts = Facts("Retail sales of passenger cars reached 2.1 million units in November.\n\n"
                "The Group handed over 18,514 vehicles in November.\n",
                "https://example.com/2025/12/02/china-seal-retail-november");
  us = Find(facts, "deliveries", "18514");
  CHECK((us == nullptr || (us->subject != "China" && us->subject != "BYD Seal")));
}

TEST_CASE("subject: an image's caption above its credit line is no heading") {
  // The caption names a model; the credit line under it ("Image: ...") says it is a caption, so
  // the figures below stay the headline's company's.
  const std::string body = "Leapmotor delivers record volume\n\nFiat Grande Panda on a test drive\n\n";
  auto facts = Facts(body + "Image: A. Photographer\n\nDeliveries reached 70,327 units in November.\n");
  const Fact* d = Find(facts, "deliveries", "70327");
  REQUIRE(d);
  CHECK(d->subject == "Leapmotor");
  // Without the credit line the short line is a heading, and its model the subject below it.
  facts = Facts(body + "Deliveries reached 70,327 units in November.\n");
  d = Find(facts, "deliveries", "70327");
  REQUIRE(d);
  CHECK(d->subject != "Leapmotor");
}

TEST_CASE("market subject: a market named with 'in' right after the figure is the figure's") {
  // The headline's market is Europe; the figure's own clause says where it was registered.
  auto facts = Facts("Europe's electric car registrations rise again\n\n"
                     "188,730 new battery-electric cars were registered in the EU in November.\n");
  const Fact* eu = Find(facts, "sales", "188730");
  REQUIRE(eu);
  CHECK(eu->subject == "EU");
  // "to Europe" is where exports went, not whose figure it is.
  facts = Facts("China's car market grows\n\nIn November, 120,000 cars were exported to Europe.\n");
  for (const auto& f : facts) CHECK(f.subject != "Europe");
}

TEST_CASE("period: a week's figure lends its days to the paragraphs after it; a running total does not") {
  auto facts = Facts("China weekly registrations\n\n"
                     "For the week ending March 26, 2023, insurance registrations for passenger vehicles in China "
                     "were 400,400 units.\n\nAmong them, registrations of NEVs were 128,300 units.\n");
  const Fact* nev = Find(facts, "sales", "128300");
  REQUIRE(nev);
  CHECK(nev->period == "2023-03-20..2023-03-26");
  facts = Facts("China's car market\n\nFrom January to October, passenger car retail sales in China were "
                "18.9 million units.\n\nRetail sales of NEVs were 1.1 million units in October.\n\n"
                "Exports were 400,000 units.\n");
  const Fact* ex = Find(facts, "exports", "400000");
  CHECK((ex == nullptr || ex->period != "2025-01..2025-10"));
}

TEST_CASE("change: a change right after a figure of its subject has the figure's period and scope") {
  // The as-of month is nearer the change than the running total's range, which the change is of.
  auto facts = Facts("GAC Aion sales\n\nAs of November, Aion sold a total of 241,149 units for the year with a "
                     "128% increase year on year.\n");
  const Fact* ytd = Find(facts, "yoy_pct", "128");
  REQUIRE(ytd);
  CHECK(ytd->period == "2025-01..2025-11");
  // A period of its own, after the change, is its own.
  facts = Facts("BYD sales\n\nBYD sold 300,000 cars in November, and its sales rose 20% year on year in the first 11 months.\n");
  const Fact* own = Find(facts, "yoy_pct", "20");
  REQUIRE(own);
  CHECK(own->period == "2025-01..2025-11");
  // The figure's scope, plus what the change's clause names.
  facts = Facts("EU registrations\n\nIn November, 188,730 new battery-electric passenger cars were registered in the "
                "EU, marking a 44.1% increase year on year.\n");
  const Fact* bev = Find(facts, "yoy_pct", "44.1");
  REQUIRE(bev);
  CHECK(bev->scope == "passenger/BEV/registrations");
  // Its own clause's words win in their dimension; the words of the figure's match are the figure's.
  facts = Facts("BYD sales\n\nBYD's sales of BEVs rose 8.1% to 271,045 units in November, while its PHEV sales "
                "dropped 17.6%.\n");
  const Fact* phev = Find(facts, "yoy_pct", "-17.6");
  REQUIRE(phev);
  CHECK(phev->scope == "PHEV");
  facts = Facts("China NEV retail\n\nPHEV retail sales were 271,000 units in October, contributing 35.3 percent of "
                "all NEV retail sales, up 71.3 percent year on year.\n");
  const Fact* share_change = Find(facts, "yoy_pct", "71.3");
  REQUIRE(share_change);
  CHECK(share_change->scope == "PHEV/retail");
  // A type's implied scope is its change's: exports are the overseas part.
  facts = Facts("Chery sales\n\nChery sold 141,767 vehicles in August. Of the total, 51,774 units were exported, "
                "up 152.7 percent year on year.\n");
  const Fact* exp = Find(facts, "yoy_pct", "152.7");
  REQUIRE(exp);
  CHECK(exp->scope == "overseas");
}

TEST_CASE("subject: a name inside brackets that close before the figure is an aside") {
  auto facts = Facts("Geely sales\n\nThe total sales of Geely (including those of Lynk & Co-branded cars sold by its "
                     "50%-owned venture) were 21,168 units in February, down about 75% year on year.\n");
  const Fact* chg = Find(facts, "yoy_pct", "-75");
  REQUIRE(chg);
  CHECK(chg->subject == "Geely");
  // Brackets that open the sentence name its subject (a ticker whose name the page lost).
  facts = Facts("Weekly registrations\n\n(OTCMKTS: BYDDY) NEVs registered 43,490 units last week.\n");
  const Fact* reg = Find(facts, "sales", "43490");
  REQUIRE(reg);
  CHECK(reg->subject == "BYD");
}

// Note [Parallel lists]: a `list=parallel` match pairs item k with figure k, each pair resolved
// as a match of its own.
TEST_CASE("parallel lists: four subjects with four counts give four facts, each its own subject") {
  auto facts = Facts("EV deliveries\n\nIn November, NIO, XPeng, Zeekr and Avatr delivered 11,200, 9,400, 8,050 and 4,300 vehicles, respectively.\n");
  const std::vector<std::pair<std::string, std::string>> want = {
      {"NIO", "11200"}, {"XPeng", "9400"}, {"Zeekr", "8050"}, {"Avatr", "4300"}};
  for (const auto& [subject, value] : want) {
    const Fact* f = Find(facts, "deliveries", value);
    REQUIRE(f);
    CHECK(f->subject == subject);
    CHECK(f->period == "2025-11");
  }
}

TEST_CASE("parallel lists: lists of different lengths pair nothing") {
  // Three subjects, two counts: no pairing is guessed, neither figure is a delivery of the list.
  auto facts = Facts("EV deliveries\n\nIn November, NIO, XPeng and Zeekr delivered 11,200 and 9,400 vehicles, respectively.\n");
  for (const auto& f : facts) CHECK(f.rule.find("respectively") == std::string::npos);
  const Fact* second = Find(facts, "deliveries", "9400");
  CHECK((second == nullptr || second->subject != "XPeng"));
  // Four subjects, three changes.
  facts = Facts("EV sales\n\nIn November, deliveries of NIO, XPeng, Zeekr and Avatr fell by 4%, 11% and 7%, respectively.\n");
  for (const auto& f : facts) CHECK(f.rule.find("respectively") == std::string::npos);
}

TEST_CASE("parallel lists: bare percentages after a fall take its direction, after a rise stay positive") {
  auto facts = Facts("EV sales\n\nIn November, deliveries of NIO, XPeng, Zeekr and Avatr fell by 4%, 11%, 7% and 19%, respectively.\n");
  const std::vector<std::pair<std::string, std::string>> falls = {
      {"NIO", "-4"}, {"XPeng", "-11"}, {"Zeekr", "-7"}, {"Avatr", "-19"}};
  for (const auto& [subject, value] : falls) {
    const Fact* f = Find(facts, "yoy_pct", value);
    REQUIRE(f);
    CHECK(f->subject == subject);
  }
  facts = Facts("EV sales\n\nIn November, deliveries of NIO and XPeng rose 4% and 11%, respectively.\n");
  const Fact* rise = Find(facts, "yoy_pct", "11");
  REQUIRE(rise);
  CHECK(rise->subject == "XPeng");
  CHECK(Find(facts, "yoy_pct", "-11") == nullptr);
}

TEST_CASE("parallel lists: figures paired with periods, and a list of one subject's changes") {
  auto facts = Facts("Zeekr sales\n\nZeekr delivered 30,000 units in December 2024. It then delivered 21,000, 18,000 and 24,500 units in January, February and March 2025, respectively.\n");
  const std::vector<std::pair<std::string, std::string>> want = {{"21000", "2025-01"}, {"18000", "2025-02"}, {"24500", "2025-03"}};
  for (const auto& [value, period] : want) {
    const Fact* f = Find(facts, "deliveries", value);
    REQUIRE(f);
    CHECK(f->period == period);
    CHECK(f->subject == "Zeekr");
  }
  facts = Facts("车市\n\n11月,全国轿车、SUV和MPV销量同比分别下降4%、7%和2.5%。\n");
  for (const char* v : {"-4", "-7", "-2.5"}) {
    const Fact* f = Find(facts, "yoy_pct", v);
    REQUIRE(f);
    CHECK(f->subject == "China");
  }
}

}  // namespace quarry::facts

namespace quarry::facts {
namespace {

TEST_CASE("period: a count of what exists is as of the publication month unless its clause dates it") {
  // Note [As of publication]: the store count stated in the present has the publication month.
  auto facts = Facts("Tesla widens its network\n\nTesla now operates 17 stores in Taiwan.\n\n"
                     "By the end of June 2025, it had 15 stores there.\n\nThe company plans to open 25 stores.\n");
  const Fact* now = Find(facts, "outlets", "17");
  REQUIRE(now);
  CHECK(now->period == "2025-12");
  // Its own clause's date wins.
  const Fact* june = Find(facts, "outlets", "15");
  REQUIRE(june);
  CHECK(june->period == "2025-06");
  // A plan is no count at publication.
  const Fact* plan = Find(facts, "outlets", "25");
  REQUIRE(plan);
  CHECK(plan->modality == "plan");
  CHECK(plan->period != "2025-12");
}


// Note [Stacked tables] (tables.cc): a filing's table copied one cell per line.
TEST_CASE("tables: a table written one cell per line reads like any table") {
  auto facts = Facts(
      "Geely Automobile sales update\n\n"
      "The group's total sales volume in November 2025 was 200,000 units. Details are as follows:\n"
      "Current month\nSame month\nYear-to-date\nYoY\n(Unit)\nlast year (Unit)\n(Unit)\n(%)\n"
      "Zeekr\n20,000\n18,000\n190,000\n12\n"
      "Lynk & Co\n30,000\n-\n250,000\n-4\n"
      "Pure electric (battery\n11,000\n9,000\n100,000\n25\n"
      "electric vehicles)\nExport\n40,000\n35,000\n380,000\n8\n");
  const Fact* now = Find(facts, "sales", "20000");
  REQUIRE(now);
  CHECK(now->subject == "Zeekr");
  CHECK(now->period == "2025-11");
  const Fact* ago = Find(facts, "sales", "18000");
  REQUIRE(ago);
  CHECK(ago->period == "2024-11");
  // A range of months from January is a running total.
  const Fact* ytd = Find(facts, "cumulative", "190000");
  REQUIRE(ytd);
  CHECK(ytd->period == "2025-01..2025-11");
  // The change column after the year-to-date column is that total's change.
  const Fact* change = Find(facts, "yoy_pct", "12");
  REQUIRE(change);
  CHECK(change->period == "2025-01..2025-11");
  // An empty cell ("-") keeps the columns in place.
  const Fact* lynk = Find(facts, "cumulative", "250000");
  REQUIRE(lynk);
  CHECK(lynk->subject == "Lynk & Co");
  // A label wrapped over lines is one label; a row without a company is the introducing one's.
  const Fact* bev = Find(facts, "sales", "11000");
  REQUIRE(bev);
  CHECK(bev->subject == "Geely");
  CHECK(bev->scope == "BEV");
  // A label naming a volume types its row.
  const Fact* exports = Find(facts, "exports", "40000");
  REQUIRE(exports);
  CHECK(exports->subject == "Geely");
}


// Note [Year to date]: "so far this year" in a report about an earlier month runs to that month.
TEST_CASE("period: a year-to-date total runs to the report's month, not the publication's") {
  // Published 2 December: "so far this year" alone would run to November.
  auto facts = Facts("Zeekr update\n\nZeekr delivered 20,000 vehicles in October. So far this year, it has "
                     "delivered 180,000 vehicles.\n");
  const Fact* oct = Find(facts, "cumulative", "180000");
  REQUIRE(oct);
  CHECK(oct->period == "2025-01..2025-10");
  // With no month named before it, the annotator's reading stands.
  facts = Facts("NIO update\n\nNIO said it has delivered 200,000 vehicles so far this year.\n");
  const Fact* nio = Find(facts, "cumulative", "200000");
  REQUIRE(nio);
  CHECK(nio->period == "2025-01..2025-11");
}

// Note [Unknown names]: makers grouped by origin hold the share; the market named is its whole.
TEST_CASE("subject: a holder we cannot name gives no fact, not the market the share is of") {
  auto facts = Facts("Europe car market\n\nChinese carmakers registered 69,000 new cars across Europe in "
                     "January, giving them a 7.0% share of the market.\n");
  for (const auto& f : facts) CHECK(f.subject != "Europe");
  CHECK(Find(facts, "share_pct", "7") == nullptr);
  CHECK(Find(facts, "market_share", "7") == nullptr);
}

TEST_CASE("type: a market's 'market share' is a part's share (pack.schema market=share_pct)") {
  auto facts = Facts("EV sales\n\nBYD held a 5% market share in November.\n\n"
                     "The United States had an 8% market share of EVs in the fourth quarter.\n");
  const Fact* maker = Find(facts, "market_share", "5");
  REQUIRE(maker);
  CHECK(maker->subject == "BYD");
  // A market holds no market share: its share is the part's (share_pct), as the labelling guide says.
  const Fact* part = Find(facts, "share_pct", "8");
  REQUIRE(part);
  CHECK(part->subject == "United States");
  CHECK(Find(facts, "market_share", "8") == nullptr);
}

}  // namespace
}  // namespace quarry::facts
