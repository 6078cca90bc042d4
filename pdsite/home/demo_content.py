"""Demo content for the seed: plain data, no Django.

Everything here is written in our own words (paraphrase; no NCETM or White Rose
text) in British English. The ``seed_demo`` command turns it into rows and
pages, and makes each clip's video by speaking its ``narration`` with espeak-ng
over a test pattern, so narration sentences are short, spell numbers and symbols
out in words, and each distinctive search phrase ("zero pairs", "hypotenuse")
appears in only one or two clips (see ``SEARCH_EXAMPLES``).

References between records are by key, never by object: units name their grid
unit by (year, unit title), clips name units by slug, Big Ideas by slug and
Essence principles by order, and module items name clips by slug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BIG_IDEAS",
    "CLIPS",
    "CURRICULUM",
    "ESSENCE_PRINCIPLES",
    "HOME_INTRO",
    "MODULES",
    "PRINCIPLE_GROUPS",
    "SEARCH_EXAMPLES",
    "TERMS",
    "UNITS",
    "BigIdea",
    "Clip",
    "CurriculumBlock",
    "DiagnosticQuestion",
    "EssencePrinciple",
    "Module",
    "SmallStep",
    "Unit",
    "big_idea_by_slug",
    "block_for_unit",
    "clip_by_slug",
    "clips_for_unit",
    "grid_unit_slug",
    "module_by_slug",
    "principle_by_order",
    "unit_by_slug",
]

TERMS = ("autumn", "spring", "summer")
PRINCIPLE_GROUPS = ("underpinning", "lesson_design", "classroom")
MODULE_ITEM_KINDS = ("text", "clip", "reflection")


# ---------------------------------------------------------------------------
# Record types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BigIdea:
    slug: str
    name: str
    summary: str  # one or two sentences, for lists
    body: str  # three to five sentences: what it looks like in a secondary lesson


@dataclass(frozen=True)
class EssencePrinciple:
    order: int  # 1 to 10
    group: str  # one of PRINCIPLE_GROUPS
    slug: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class CurriculumBlock:
    """A themed block (about half a term) and its unit titles, in teaching order."""

    year: int  # 7, 8 or 9
    term: str  # one of TERMS
    order: int  # position within the year, from 1
    title: str
    unit_titles: tuple[str, ...]


@dataclass(frozen=True)
class SmallStep:
    title: str
    is_review: bool = False  # R: revisits earlier learning
    is_higher: bool = False  # H: Higher tier only


@dataclass(frozen=True)
class DiagnosticQuestion:
    question: str
    answer: str
    misconception: str  # what a typical wrong answer reveals


@dataclass(frozen=True)
class Unit:
    """One of the twelve demo units, filled in; it names its grid unit by (year, unit_title)."""

    year: int
    unit_title: str  # exactly as in CURRICULUM for that year
    slug: str
    main_idea: str
    big_idea: str  # a BIG_IDEAS slug
    weeks: int  # 1 to 3
    tier: str  # "all" for Key Stage 3
    main_ideas_revisited: str
    representations: tuple[str, ...]
    small_steps: tuple[SmallStep, ...]
    diagnostic_questions: tuple[DiagnosticQuestion, ...]


@dataclass(frozen=True)
class Clip:
    title: str
    slug: str
    unit_slugs: tuple[str, ...]  # its own unit first
    big_ideas: tuple[str, ...]  # BIG_IDEAS slugs
    principles: tuple[int, ...]  # ESSENCE_PRINCIPLES orders
    representations: tuple[str, ...]  # tags
    misconceptions: tuple[str, ...]  # tags
    summary: str
    key_point: str
    difficult_point: str
    narration: tuple[str, ...]  # one spoken sentence each, numbers in words

    @property
    def transcript(self) -> str:
        return " ".join(self.narration)


@dataclass(frozen=True)
class Module:
    """A PD module: an ordered mix of ("text", paragraph), ("clip", clip slug), ("reflection", prompt)."""

    title: str
    slug: str
    kind: str  # "big_ideas" or "essence"
    intro: str
    items: tuple[tuple[str, str], ...]
    big_ideas: tuple[str, ...] = ()
    principles: tuple[int, ...] = ()


# ---------------------------------------------------------------------------
# Five Big Ideas
# ---------------------------------------------------------------------------

BIG_IDEAS: tuple[BigIdea, ...] = (
    BigIdea(
        slug="coherence",
        name="Coherence",
        summary=(
            "Learning is broken into small, connected steps, each with one clear key point, and ordered "
            "so that earlier ideas prepare the ground for later ones. It is the idea that holds the other four together."
        ),
        body=(
            "In a secondary lesson, coherence means knowing exactly which small step today covers and how it "
            "links to the lesson before and the lesson after. Examples change a little at a time, so most pupils "
            "can follow each move and spot what is new. Across the key stage, units are sequenced so that ideas "
            "such as multiplicative reasoning come back and deepen instead of being taught once and left. "
            "A good test is whether pupils can say how today's idea connects to something they already know."
        ),
    ),
    BigIdea(
        slug="representation-structure",
        name="Representation and Structure",
        summary=(
            "Carefully chosen models such as the bar model, the number line and algebra tiles make the structure "
            "of the mathematics visible, so that pupils can later reason without them."
        ),
        body=(
            "A department agrees a small set of representations and uses them consistently from Year 7 onwards. "
            "A representation is chosen because it shows the structure of an idea, for example zero pairs for "
            "directed number or an area model for the distributive law. Teachers model how to move from the "
            "picture to the symbols and back again. Over time the representation is faded, and pupils are "
            "expected to draw on it only when they need to."
        ),
    ),
    BigIdea(
        slug="mathematical-thinking",
        name="Mathematical Thinking",
        summary=(
            "Pupils work on ideas themselves: noticing patterns, making and testing conjectures, reasoning, "
            "generalising and talking about their thinking, rather than only receiving methods."
        ),
        body=(
            "Lessons include moments where pupils are asked what they notice, whether something is always, "
            "sometimes or never true, and how they know. Teachers expect full reasons, often supported by a stem "
            "sentence that every pupil can use. Generalising is built in: pupils test a few cases, look for the "
            "pattern and try to explain why it must hold. Talk between pupils is planned, not left to chance."
        ),
    ),
    BigIdea(
        slug="fluency",
        name="Fluency",
        summary=(
            "Pupils recall key facts and carry out procedures efficiently, accurately and flexibly, which frees "
            "working memory for new thinking."
        ),
        body=(
            "Fluency in a secondary classroom is more than speed: it includes choosing a sensible method and "
            "knowing when an answer is reasonable. Key facts, such as times tables and the angle facts, are "
            "practised until they are automatic, through short and frequent retrieval. Procedures are practised "
            "alongside the understanding that explains them, so pupils can adapt when a question looks unfamiliar. "
            "Teachers watch for pupils whose slow recall is blocking new learning and act on it early."
        ),
    ),
    BigIdea(
        slug="variation",
        name="Variation",
        summary=(
            "Teachers vary some features of a task and keep others fixed, so that the important structure stands "
            "out; practice is designed to make pupils think, not just repeat."
        ),
        body=(
            "Conceptual variation shows the same idea in different forms, including non-examples, so pupils learn "
            "what really matters about it. Procedural variation changes one thing at a time in a sequence of "
            "questions, and pupils are asked what changed and what stayed the same. A set of exercises might keep "
            "the same right-angled triangle while rotating it, or keep the same equation while changing one "
            "number. This kind of intelligent practice exposes misconceptions that a page of similar questions would hide."
        ),
    ),
)


# ---------------------------------------------------------------------------
# The Essence of teaching for mastery: ten principles in three groups
# ---------------------------------------------------------------------------

ESSENCE_PRINCIPLES: tuple[EssencePrinciple, ...] = (
    EssencePrinciple(
        order=1,
        group="underpinning",
        slug="everyone-can-learn-and-enjoy-maths",
        title="Everyone can learn and enjoy maths",
        summary="There are no maths people and non-maths people: every pupil can succeed and find satisfaction in the subject.",
        body=(
            "Expectations are high for the whole class, and lessons are designed so that everyone can take part. "
            "Teachers avoid labelling pupils by ability and talk about effort, strategies and progress instead. "
            "Success with a challenging idea is one of the main sources of enjoyment. "
            "Departments check that grouping and setting decisions do not quietly lower what some pupils are offered."
        ),
    ),
    EssencePrinciple(
        order=2,
        group="underpinning",
        slug="learning-behaviours",
        title="Learning behaviours",
        summary="Pupils attend closely, engage with the mathematics, reason about it and look for connections.",
        body=(
            "These behaviours are taught and expected, not assumed. Pupils are asked to explain, convince and "
            "question each other, using precise vocabulary. Teachers build routines, such as paired talk and "
            "full-sentence answers, that make careful attention the norm."
        ),
    ),
    EssencePrinciple(
        order=3,
        group="underpinning",
        slug="teachers-keep-developing-specialist-knowledge",
        title="Teachers keep developing specialist knowledge",
        summary="Teachers keep deepening their subject and pedagogical knowledge, and they do it together.",
        body=(
            "Departments make time to do the mathematics together, anticipate how pupils will think and agree "
            "shared approaches. Short clips, co-planning and observation with discussion all feed this work. "
            "Early career teachers are supported to build the same specialist knowledge over time. "
            "The aim is a department that improves as a team, not a collection of individuals."
        ),
    ),
    EssencePrinciple(
        order=4,
        group="underpinning",
        slug="coherent-curriculum",
        title="Coherent curriculum",
        summary="A detailed, carefully sequenced curriculum sets out the essential content and supports long-term progression.",
        body=(
            "The scheme of work breaks each unit into small steps and shows what earlier learning each step relies on. "
            "Ideas are revisited through interleaved retrieval rather than retaught in a loose spiral. "
            "Teachers can see where a unit sits in the five-year journey. "
            "Enough time is given to the ideas that later learning depends on most."
        ),
    ),
    EssencePrinciple(
        order=5,
        group="lesson_design",
        slug="build-from-prior-learning-in-small-steps",
        title="Build from prior learning in small steps",
        summary="New ideas are built from what pupils already know, in steps small enough for every pupil to access.",
        body=(
            "Each lesson starts from secure prior knowledge and moves on by one carefully chosen step. "
            "The steps are small but the journey is ambitious, so pupils reach demanding mathematics. "
            "Teachers name the key point and the difficult point when planning. "
            "Pupils who grasp the step quickly go deeper rather than racing ahead."
        ),
    ),
    EssencePrinciple(
        order=6,
        group="lesson_design",
        slug="examples-and-representations-expose-structure",
        title="Examples and representations expose structure",
        summary="Examples, non-examples and representations are chosen to highlight the structure and the connections.",
        body=(
            "Teachers plan the sequence of examples as carefully as the explanation. "
            "Representations are selected because they show how the mathematics works, not just to decorate it. "
            "Non-examples help pupils see the boundary of an idea. "
            "Connections between representations are made explicit."
        ),
    ),
    EssencePrinciple(
        order=7,
        group="lesson_design",
        slug="concepts-and-procedures-grow-together",
        title="Concepts and procedures grow together",
        summary="Understanding and fluency support each other, so concepts and procedures are developed side by side.",
        body=(
            "A procedure is introduced with the reasoning that explains it, and practising it deepens that understanding. "
            "Pupils are asked why a method works as well as how to carry it out. "
            "Shortcuts are welcome once pupils can explain them. "
            "Slogans that hide the mathematics are avoided."
        ),
    ),
    EssencePrinciple(
        order=8,
        group="lesson_design",
        slug="purposeful-practice",
        title="Purposeful practice",
        summary="Practice strengthens fluency and deepens understanding at the same time, and key facts become automatic.",
        body=(
            "Exercises are designed with variation so that each question has a reason to be there. "
            "Pupils are asked to notice what changes and what stays the same. "
            "Short, frequent retrieval keeps key facts secure. "
            "Quantity of questions matters less than the thinking each one provokes."
        ),
    ),
    EssencePrinciple(
        order=9,
        group="classroom",
        slug="whole-class-together",
        title="Whole class together",
        summary="The class works on the same mathematics, with extra support or challenge rather than different content.",
        body=(
            "Pupils who need help get it through scaffolds, representations and timely intervention. "
            "Pupils who grasp an idea quickly are given depth, such as harder reasoning, rather than the next topic. "
            "Discussion draws on the whole class, so pupils learn from each other's thinking. "
            "Everyone keeps moving through the curriculum together."
        ),
    ),
    EssencePrinciple(
        order=10,
        group="classroom",
        slug="spot-and-act-early",
        title="Spot and act early",
        summary="Gaps and misconceptions are noticed during the lesson and dealt with before the next one.",
        body=(
            "Teachers check understanding frequently, for example with mini-whiteboards and hinge questions. "
            "Pupils who have not grasped the key point are picked up the same day, in class or in a short same-day session. "
            "This keeps the class together and stops small gaps growing. "
            "Diagnostic questions at the start of a unit show what needs revisiting."
        ),
    ),
)


# ---------------------------------------------------------------------------
# Key Stage 3 curriculum grid: year → term → block → units
# ---------------------------------------------------------------------------

CURRICULUM: tuple[CurriculumBlock, ...] = (
    # Year 7
    CurriculumBlock(
        7,
        "autumn",
        1,
        "Algebraic thinking",
        ("Sequences", "Understand and use algebraic notation", "Equality and equivalence"),
    ),
    CurriculumBlock(
        7,
        "autumn",
        2,
        "Place value and proportion",
        ("Place value and ordering integers and decimals", "Fraction, decimal and percentage equivalence"),
    ),
    CurriculumBlock(
        7,
        "spring",
        3,
        "Applications of number",
        (
            "Solving problems with addition and subtraction",
            "Solving problems with multiplication and division",
            "Fractions and percentages of amounts",
        ),
    ),
    CurriculumBlock(7, "spring", 4, "Directed number", ("Operations and equations with directed number",)),
    CurriculumBlock(7, "spring", 5, "Fractional thinking", ("Addition and subtraction of fractions",)),
    CurriculumBlock(
        7,
        "summer",
        6,
        "Lines and angles",
        ("Constructing, measuring and using geometric notation", "Developing geometric reasoning"),
    ),
    CurriculumBlock(
        7,
        "summer",
        7,
        "Reasoning with number",
        ("Developing number sense", "Sets and probability", "Prime numbers and proof"),
    ),
    # Year 8
    CurriculumBlock(
        8,
        "autumn",
        1,
        "Proportional reasoning",
        ("Ratio and scale", "Multiplicative change", "Multiplying and dividing fractions"),
    ),
    CurriculumBlock(
        8,
        "autumn",
        2,
        "Representations",
        ("Working in the Cartesian plane", "Representing data", "Tables and probability"),
    ),
    CurriculumBlock(
        8,
        "spring",
        3,
        "Algebraic techniques",
        ("Brackets, equations and inequalities", "Sequences", "Indices"),
    ),
    CurriculumBlock(
        8,
        "spring",
        4,
        "Developing number",
        ("Fractions and percentages", "Standard index form", "Number sense"),
    ),
    CurriculumBlock(
        8,
        "summer",
        5,
        "Developing geometry",
        ("Angles in parallel lines and polygons", "Area of trapezia and circles", "Line symmetry and reflection"),
    ),
    CurriculumBlock(8, "summer", 6, "Reasoning with data", ("The data handling cycle", "Measures of location")),
    # Year 9
    CurriculumBlock(
        9,
        "autumn",
        1,
        "Reasoning with algebra",
        ("Straight line graphs", "Forming and solving equations", "Testing conjectures"),
    ),
    CurriculumBlock(
        9,
        "autumn",
        2,
        "Constructing in 2 and 3 dimensions",
        ("Three-dimensional shapes", "Constructions and congruency"),
    ),
    CurriculumBlock(9, "spring", 3, "Reasoning with number", ("Numbers", "Using percentages", "Maths and money")),
    CurriculumBlock(
        9,
        "spring",
        4,
        "Reasoning with geometry",
        ("Deduction", "Rotation and translation", "Pythagoras' theorem"),
    ),
    CurriculumBlock(
        9,
        "summer",
        5,
        "Reasoning with proportion",
        ("Enlargement and similarity", "Solving ratio and proportion problems", "Rates"),
    ),
    CurriculumBlock(
        9,
        "summer",
        6,
        "Representations and revision",
        ("Probability", "Algebraic representation", "Revision"),
    ),
)


# ---------------------------------------------------------------------------
# The twelve demo units
# ---------------------------------------------------------------------------

UNITS: tuple[Unit, ...] = (
    Unit(
        year=7,
        unit_title="Sequences",
        slug="y7-sequences",
        main_idea="Generalising patterns",
        big_idea="mathematical-thinking",
        weeks=2,
        tier="all",
        main_ideas_revisited=(
            "Builds on counting in steps and times tables from primary school, and on describing simple "
            "patterns in words."
        ),
        representations=("visual pattern", "table of values", "graph"),
        small_steps=(
            SmallStep("Describe and continue sequences given in words or diagrams", is_review=True),
            SmallStep("Find and use a term-to-term rule"),
            SmallStep("Tell linear and non-linear sequences apart"),
            SmallStep("Show a sequence in a table and on a graph"),
            SmallStep("Find a position-to-term rule for a linear sequence"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="A sequence starts 5, 8, 11, 14, … What is the 10th term?",
                answer="32",
                misconception="Multiplies the position by the step and forgets to adjust (answers 30).",
            ),
            DiagnosticQuestion(
                question="Is 2, 4, 8, 16, … a linear sequence? Explain how you know.",
                answer="No: the differences are 2, 4, 8, so they are not constant.",
                misconception="Thinks any sequence that keeps increasing is linear.",
            ),
        ),
    ),
    Unit(
        year=7,
        unit_title="Understand and use algebraic notation",
        slug="y7-algebraic-notation",
        main_idea="A letter stands for a number",
        big_idea="representation-structure",
        weeks=3,
        tier="all",
        main_ideas_revisited=(
            "Revisits the order of operations and finding missing numbers in calculations, where a box "
            "already stood for an unknown number."
        ),
        representations=("function machine", "bar model", "algebra tiles"),
        small_steps=(
            SmallStep("Use function machines with number inputs", is_review=True),
            SmallStep("Form expressions from function machines"),
            SmallStep("Represent expressions with bar models"),
            SmallStep("Substitute values into expressions"),
            SmallStep("Generate sequences from algebraic expressions"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="What is the value of 3a when a = 4?",
                answer="12",
                misconception="Reads 3a as a two-digit number (answers 34).",
            ),
            DiagnosticQuestion(
                question="Write 'multiply by 2, then add 5' as an expression in n.",
                answer="2n + 5",
                misconception="Ignores the order of the operations (writes 2(n + 5)) or writes n2 + 5.",
            ),
        ),
    ),
    Unit(
        year=7,
        unit_title="Equality and equivalence",
        slug="y7-equality-and-equivalence",
        main_idea="The equals sign as a balance: both sides have the same value",
        big_idea="coherence",
        weeks=2,
        tier="all",
        main_ideas_revisited=(
            "Builds on the previous unit's algebraic notation and on inverse operations with whole numbers."
        ),
        representations=("balance", "bar model", "algebra tiles"),
        small_steps=(
            SmallStep("Understand the meaning of the equals sign"),
            SmallStep("Recognise equivalent expressions"),
            SmallStep("Collect like terms"),
            SmallStep("Tell an expression from an equation"),
            SmallStep("Form and solve one-step equations"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="True or false: 12 + 5 = 10 + 7. Explain.",
                answer="True: both sides have the value 17.",
                misconception="Reads = as 'the answer is' and expects 17 straight after it.",
            ),
            DiagnosticQuestion(
                question="Simplify 2a + 3b + a.",
                answer="3a + 3b",
                misconception="Combines unlike terms (writes 6ab or 5ab + a).",
            ),
        ),
    ),
    Unit(
        year=7,
        unit_title="Place value and ordering integers and decimals",
        slug="y7-place-value-integers-and-decimals",
        main_idea="Place value",
        big_idea="fluency",
        weeks=3,
        tier="all",
        main_ideas_revisited=(
            "Revisits place value in whole numbers and tenths and hundredths from Key Stage 2, and reading scales."
        ),
        representations=("number line", "place value chart"),
        small_steps=(
            SmallStep("Understand place value for integers", is_review=True),
            SmallStep("Place integers and decimals on a number line"),
            SmallStep("Compare and order decimals"),
            SmallStep("Round to the nearest power of ten and to a number of decimal places"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="Which is greater, 0.35 or 0.4?",
                answer="0.4",
                misconception="Thinks a decimal with more digits is larger.",
            ),
            DiagnosticQuestion(
                question="Round 4762 to the nearest hundred.",
                answer="4800",
                misconception="Cuts off the digits (answers 4700) instead of finding the nearer landmark.",
            ),
        ),
    ),
    Unit(
        year=7,
        unit_title="Fraction, decimal and percentage equivalence",
        slug="y7-fdp-equivalence",
        main_idea="Multiplicative relationships",
        big_idea="variation",
        weeks=2,
        tier="all",
        main_ideas_revisited="Builds on equivalent fractions and on tenths and hundredths as decimals.",
        representations=("hundred square", "number line", "fraction wall"),
        small_steps=(
            SmallStep("Represent tenths and hundredths as fractions and decimals", is_review=True),
            SmallStep("Convert between fractions and decimals"),
            SmallStep("Understand percentages as parts per hundred"),
            SmallStep("Convert between fractions, decimals and percentages"),
            SmallStep("Order fractions, decimals and percentages"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="Write 1/5 as a decimal.",
                answer="0.2",
                misconception="Matches the digits rather than the size (writes 0.5 or 0.15).",
            ),
            DiagnosticQuestion(
                question="How many squares of a hundred square make 12.5%?",
                answer="Twelve and a half squares",
                misconception="Believes a percentage must be a whole number of squares.",
            ),
        ),
    ),
    Unit(
        year=7,
        unit_title="Operations and equations with directed number",
        slug="y7-directed-number",
        main_idea="Zero pairs",
        big_idea="representation-structure",
        weeks=3,
        tier="all",
        main_ideas_revisited=(
            "Revisits negative numbers in context, such as temperature, and the inverse relationship "
            "between addition and subtraction."
        ),
        representations=("counters", "number line"),
        small_steps=(
            SmallStep("Understand and use representations of directed numbers", is_review=True),
            SmallStep("Add and subtract directed numbers using zero pairs"),
            SmallStep("Multiply and divide directed numbers"),
            SmallStep("Use directed numbers with the order of operations"),
            SmallStep("Solve equations with directed numbers"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="Work out 3 + (−5).",
                answer="−2",
                misconception="Believes adding always makes bigger (answers 8).",
            ),
            DiagnosticQuestion(
                question="Work out 2 − (−3).",
                answer="5",
                misconception="Believes subtracting always makes smaller (answers −1).",
            ),
        ),
    ),
    Unit(
        year=8,
        unit_title="Ratio and scale",
        slug="y8-ratio-and-scale",
        main_idea="Multiplicative reasoning",
        big_idea="coherence",
        weeks=3,
        tier="all",
        main_ideas_revisited=(
            "Builds on Year 7 fraction, decimal and percentage equivalence and on multiplication and division "
            "as inverses."
        ),
        representations=("ratio table", "double number line", "bar model"),
        small_steps=(
            SmallStep("Revisit multiplicative relationships between numbers", is_review=True),
            SmallStep("Use ratio tables and double number lines"),
            SmallStep("Share an amount in a given ratio"),
            SmallStep("Solve ratio problems given one part"),
            SmallStep("Use ratio in scale drawings and maps"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="A recipe uses 3 eggs for 200 g of flour. How much flour is needed for 9 eggs?",
                answer="600 g",
                misconception="Thinks additively: adds 6 to both quantities (answers 206 g).",
            ),
            DiagnosticQuestion(
                question="Sam and Ali share money in the ratio 2 : 3. Ali gets £45. How much does Sam get?",
                answer="£30",
                misconception="Treats the given part as the whole and divides £45 by 5.",
            ),
        ),
    ),
    Unit(
        year=8,
        unit_title="Brackets, equations and inequalities",
        slug="y8-brackets-equations-and-inequalities",
        main_idea="The distributive law",
        big_idea="representation-structure",
        weeks=3,
        tier="all",
        main_ideas_revisited=(
            "Revisits Year 7 equality and equivalence, collecting like terms, and multiplying using area."
        ),
        representations=("area model", "algebra tiles", "balance", "number line"),
        small_steps=(
            SmallStep("Form and simplify expressions", is_review=True),
            SmallStep("Expand a single bracket using an area model"),
            SmallStep("Factorise into a single bracket"),
            SmallStep("Solve equations with the unknown on both sides"),
            SmallStep("Solve inequalities and show them on a number line"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="Expand 3(x + 4).",
                answer="3x + 12",
                misconception="Multiplies only the first term (writes 3x + 4).",
            ),
            DiagnosticQuestion(
                question="Solve 5x + 2 = 3x + 10.",
                answer="x = 4",
                misconception="Combines terms across the equals sign (writes 8x = 12).",
            ),
        ),
    ),
    Unit(
        year=8,
        unit_title="Angles in parallel lines and polygons",
        slug="y8-angles-in-parallel-lines-and-polygons",
        main_idea="Angle facts",
        big_idea="mathematical-thinking",
        weeks=2,
        tier="all",
        main_ideas_revisited=(
            "Builds on Year 7 geometric reasoning: angles on a straight line, around a point, vertically "
            "opposite and in a triangle."
        ),
        representations=("geometric diagram", "polygon split into triangles"),
        small_steps=(
            SmallStep("Recall basic angle facts", is_review=True),
            SmallStep("Find angles in parallel lines"),
            SmallStep("Solve angle problems and give reasons"),
            SmallStep("Find the sum of the interior angles of a polygon"),
            SmallStep("Find exterior angles of polygons"),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question=(
                    "Two parallel lines are crossed by a transversal. One angle is 70°. "
                    "What size is the angle alternate to it?"
                ),
                answer="70°",
                misconception="Confuses alternate and co-interior angles (answers 110°).",
            ),
            DiagnosticQuestion(
                question="What do the interior angles of a hexagon add up to?",
                answer="720°",
                misconception="Thinks every polygon's angles add up to 360°.",
            ),
        ),
    ),
    Unit(
        year=9,
        unit_title="Straight line graphs",
        slug="y9-straight-line-graphs",
        main_idea="Linear relationships",
        big_idea="coherence",
        weeks=3,
        tier="all",
        main_ideas_revisited=(
            "Revisits linear sequences and the nth term from Year 7, and plotting coordinates in the Cartesian "
            "plane from Year 8."
        ),
        representations=("graph", "table of values"),
        small_steps=(
            SmallStep("Revisit linear sequences and plotting coordinates", is_review=True),
            SmallStep("Compare gradients of lines"),
            SmallStep("Find the gradient and intercept of a line"),
            SmallStep("Use the form y = mx + c"),
            SmallStep("Find the equation of a line through two points", is_higher=True),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="What is the gradient of the line y = 3x + 2?",
                answer="3",
                misconception="Reads the constant term as the gradient (answers 2).",
            ),
            DiagnosticQuestion(
                question="Does the point (2, 7) lie on the line y = 3x + 1?",
                answer="Yes: 3 × 2 + 1 = 7",
                misconception="Swaps the coordinates and substitutes 7 for x.",
            ),
        ),
    ),
    Unit(
        year=9,
        unit_title="Forming and solving equations",
        slug="y9-forming-and-solving-equations",
        main_idea="Inverse operations",
        big_idea="fluency",
        weeks=2,
        tier="all",
        main_ideas_revisited=(
            "Revisits Year 8 brackets, equations and inequalities, and directed number from Year 7."
        ),
        representations=("bar model", "balance", "number line"),
        small_steps=(
            SmallStep("Solve two-step equations", is_review=True),
            SmallStep("Solve equations with brackets and unknowns on both sides"),
            SmallStep("Solve equations with non-integer solutions"),
            SmallStep("Solve inequalities with negative coefficients", is_higher=True),
            SmallStep("Rearrange formulae to change the subject", is_higher=True),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="Solve 4x + 3 = 17.",
                answer="x = 3.5",
                misconception="Expects a whole-number answer, so gives up or rounds.",
            ),
            DiagnosticQuestion(
                question="Solve 10 − 2x < 4.",
                answer="x > 3",
                misconception="Keeps the inequality sign when dividing by a negative (writes x < 3).",
            ),
        ),
    ),
    Unit(
        year=9,
        unit_title="Pythagoras' theorem",
        slug="y9-pythagoras-theorem",
        main_idea="Squares on the sides of a right-angled triangle",
        big_idea="variation",
        weeks=2,
        tier="all",
        main_ideas_revisited="Revisits squares and square roots, and the area of squares and triangles.",
        representations=("squares on sides", "squared paper"),
        small_steps=(
            SmallStep("Recall squares and square roots", is_review=True),
            SmallStep("Identify the hypotenuse of a right-angled triangle"),
            SmallStep("Find the length of the hypotenuse"),
            SmallStep("Find the length of a shorter side"),
            SmallStep("Use Pythagoras' theorem in three dimensions", is_higher=True),
        ),
        diagnostic_questions=(
            DiagnosticQuestion(
                question="A right-angled triangle has shorter sides of 6 cm and 8 cm. How long is the hypotenuse?",
                answer="10 cm",
                misconception="Adds the sides (answers 14 cm) or forgets the square root (answers 100 cm).",
            ),
            DiagnosticQuestion(
                question="The hypotenuse is 13 cm and one shorter side is 5 cm. How long is the other side?",
                answer="12 cm",
                misconception="Adds the squares even when finding a shorter side (answers about 13.9 cm).",
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------
# The demo clips (titles as in the seed outline)
# ---------------------------------------------------------------------------

CLIPS: tuple[Clip, ...] = (
    # Y7 Sequences
    Clip(
        title="Linear or not? Sequences as graphs",
        slug="linear-or-not-sequences-as-graphs",
        unit_slugs=("y7-sequences", "y9-straight-line-graphs"),
        big_ideas=("mathematical-thinking", "representation-structure"),
        principles=(6,),
        representations=("graph", "table of values"),
        misconceptions=("every sequence is linear",),
        summary="Plotting each term against its position lets pupils see which sequences are linear before any rule is given.",
        key_point="A sequence is linear when it goes up or down by the same amount each time, so its graph is a straight line.",
        difficult_point="Pupils assume any sequence that keeps increasing must be linear.",
        narration=(
            "Give pupils a mix of sequences and ask which are linear before anyone calculates.",
            "Then plot each term against its position on a coordinate grid.",
            "Linear sequences line up in a straight line, because the common difference never changes.",
            "Sequences that double each time curve upwards, so pupils see the difference instead of being told it.",
            "Ask them to predict the shape of each graph before they plot it.",
        ),
    ),
    Clip(
        title="Term-to-term before nth term",
        slug="term-to-term-before-nth-term",
        unit_slugs=("y7-sequences",),
        big_ideas=("coherence", "mathematical-thinking"),
        principles=(5,),
        representations=("visual pattern", "table of values"),
        misconceptions=("n stands for the next term", "nth term uses the step as the constant"),
        summary="Start from the term-to-term rule pupils can see, and let the need for a position-to-term rule arise.",
        key_point="The nth term links each term to its position, so any term can be found directly.",
        difficult_point="Pupils write n plus four, describing the step between terms rather than the position.",
        narration=(
            "Start with the term-to-term rule, because pupils can see it straight away in a growing pattern.",
            "Then ask for the fiftieth term, and let them feel how slow it is to keep adding.",
            "That need motivates a position-to-term rule, which we call the nth term.",
            "In four n plus one, the four is the step between terms and the one is the zero term.",
            "Watch for pupils who write n plus four, describing the step rather than the position.",
        ),
    ),
    # Y7 Algebraic notation
    Clip(
        title="Function machines to expressions",
        slug="function-machines-to-expressions",
        unit_slugs=("y7-algebraic-notation",),
        big_ideas=("representation-structure",),
        principles=(6,),
        representations=("function machine",),
        misconceptions=("the order of operations can be swapped",),
        summary="Feeding a letter into a function machine turns a rule in words into an algebraic expression.",
        key_point="An expression records the operations done to an unknown number, in order.",
        difficult_point="Pupils ignore the order of the operations and write the expression the wrong way round.",
        narration=(
            "A function machine lets pupils describe a rule in words before they meet any letters.",
            "Feed in a number, multiply by three, then add two, and record the output.",
            "Now feed in a letter, and the output becomes the expression three a plus two.",
            "Swap the order of the two operations and compare outputs, so pupils see why brackets matter.",
            "Keep the machine on the board until pupils can write the expression without it.",
        ),
    ),
    Clip(
        title="Bar models for 3a + 2",
        slug="bar-models-for-3a-plus-2",
        unit_slugs=("y7-algebraic-notation", "y7-equality-and-equivalence"),
        big_ideas=("representation-structure",),
        principles=(6, 7),
        representations=("bar model",),
        misconceptions=("3a means thirty-something", "a letter stands for an object"),
        summary="A bar model shows three a plus two as a single quantity whose size changes with a.",
        key_point="Three a plus two is one number: three equal unknown parts and two more.",
        difficult_point="Pupils read three a as a two-digit number or think a stands for apples.",
        narration=(
            "Draw three equal bars labelled a, then one short bar of length two.",
            "The whole bar model shows three a plus two as one expression, not an instruction.",
            "Change the value of a and the three equal bars stretch together, while the two stays the same.",
            "This stops pupils reading three a as thirty something, or a as short for apples.",
            "Later, the same picture helps them solve three a plus two equals eleven.",
        ),
    ),
    Clip(
        title="Substitution without tricks",
        slug="substitution-without-tricks",
        unit_slugs=("y7-algebraic-notation",),
        big_ideas=("fluency",),
        principles=(7,),
        representations=("table of values",),
        misconceptions=("2a means twenty-something", "a squared means two a"),
        summary="Say what the notation means instead of teaching a trick, and use a table to compare expressions.",
        key_point="Two a means two multiplied by a, so substituting means replacing a with its value and multiplying.",
        difficult_point="Pupils read letters and digits side by side as place value.",
        narration=(
            "When a is five, some pupils write two a as twenty five, because they read the letters like digits.",
            "Avoid tricks and say it out loud: two a means two multiplied by a.",
            "Put a small table on the board with a changing and the expression fixed.",
            "Include a squared next to two a, so pupils notice when the outputs agree and when they do not.",
            "Substitution then becomes a way of checking whether two expressions are equivalent.",
        ),
    ),
    # Y7 Equality and equivalence
    Clip(
        title="Equals is not 'the answer is'",
        slug="equals-is-not-the-answer-is",
        unit_slugs=("y7-equality-and-equivalence",),
        big_ideas=("coherence", "representation-structure"),
        principles=(5, 6),
        representations=("balance",),
        misconceptions=("equals means the answer is",),
        summary="Why pupils read the equals sign as 'work it out', and a sequence of examples that fixes it.",
        key_point="The equals sign means both sides have the same value.",
        difficult_point="Pupils reject statements with a calculation on the right, such as 7 = 3 + 4.",
        narration=(
            "Many pupils read the equals sign as an instruction to work out the answer.",
            "So they reject statements like seven equals three plus four, or write a running chain of working.",
            "Teach equals as is the same value as, and show it on a balance.",
            "Ask pupils whether twelve plus five equals ten plus seven, without calculating either side.",
            "This relational view of equality prepares them for solving equations later.",
        ),
    ),
    Clip(
        title="Like terms with algebra tiles",
        slug="like-terms-with-algebra-tiles",
        unit_slugs=("y7-equality-and-equivalence", "y8-brackets-equations-and-inequalities"),
        big_ideas=("representation-structure",),
        principles=(6, 7),
        representations=("algebra tiles",),
        misconceptions=("unlike terms can be combined",),
        summary="Algebra tiles give each kind of term its own shape, so collecting like terms becomes visible.",
        key_point="Only terms of the same kind can be combined into a single term.",
        difficult_point="Pupils write two a plus three b as five a b.",
        narration=(
            "Algebra tiles give each term a shape, so x tiles, x squared tiles and unit tiles look different.",
            "Pupils can only group tiles that match, and that is what collecting like terms means.",
            "When someone writes two a plus three b as five a b, ask them to build it and combine the tiles.",
            "Negative tiles are a different colour, so subtracting a term can be modelled too.",
            "Move to drawings of tiles, and then to symbols alone.",
        ),
    ),
    # Y7 Place value, integers and decimals
    Clip(
        title="Number lines for decimals",
        slug="number-lines-for-decimals",
        unit_slugs=("y7-place-value-integers-and-decimals",),
        big_ideas=("representation-structure", "fluency"),
        principles=(6,),
        representations=("number line",),
        misconceptions=("longer decimals are bigger",),
        summary="Zooming in on a number line shows why a decimal with more digits is not necessarily larger.",
        key_point="The size of a decimal depends on the place value of its digits, not on how many digits it has.",
        difficult_point="Pupils compare the digits after the point as if they were whole numbers.",
        narration=(
            "Pupils who think nought point three five beats nought point four are comparing the digits as whole numbers.",
            "Put both numbers on a number line from nought to one, split into tenths.",
            "Then zoom in on one tenth and split it into hundredths.",
            "Pupils see that nought point four sits further right, even though it has fewer digits.",
            "Ask them to place several decimals quickly, and to justify each position aloud.",
        ),
    ),
    Clip(
        title="Rounding to the nearest landmark",
        slug="rounding-to-the-nearest-landmark",
        unit_slugs=("y7-place-value-integers-and-decimals",),
        big_ideas=("fluency",),
        principles=(8, 7),
        representations=("number line",),
        misconceptions=("rounding means cutting off digits",),
        summary="Rounding as choosing the closer of two landmark numbers, practised by varying the degree of accuracy.",
        key_point="To round, find the two landmarks either side and decide which is closer.",
        difficult_point="Pupils truncate instead of rounding, or round each digit in turn.",
        narration=(
            "Rounding is a question of which landmark number is closer.",
            "Place four thousand seven hundred and sixty two between its landmarks, four thousand seven hundred and four thousand eight hundred.",
            "The midpoint is the decision point, so pupils can reason instead of reciting a rule about fives.",
            "Then vary the degree of accuracy while keeping the number the same.",
            "Pupils who just chop off digits will notice their answer is not the closest landmark.",
        ),
    ),
    # Y7 FDP equivalence
    Clip(
        title="Same amount, three names",
        slug="same-amount-three-names",
        unit_slugs=("y7-fdp-equivalence",),
        big_ideas=("variation", "representation-structure"),
        principles=(6, 7),
        representations=("number line", "fraction wall"),
        misconceptions=("one fifth is nought point five",),
        summary="Fractions, decimals and percentages as three names for one amount, with one feature changed at a time.",
        key_point="A fraction, a decimal and a percentage can describe exactly the same amount.",
        difficult_point="Pupils match digits across forms instead of comparing sizes.",
        narration=(
            "Three fifths, nought point six and sixty percent are three names for the same amount.",
            "Pupils who say one fifth equals nought point five are matching the digit, not the size.",
            "Show one amount in each form side by side, and change only one thing at a time.",
            "Ask which form makes a particular comparison easiest, and why.",
            "This is variation at work, because the amount stays fixed while the representation changes.",
        ),
    ),
    Clip(
        title="Hundred squares to percentages",
        slug="hundred-squares-to-percentages",
        unit_slugs=("y7-fdp-equivalence",),
        big_ideas=("representation-structure", "variation"),
        principles=(6,),
        representations=("hundred square",),
        misconceptions=("percentages must be whole numbers", "percentages cannot be more than one hundred"),
        summary="A hundred square makes 'per cent' mean out of one hundred, and stretches to awkward percentages.",
        key_point="A percentage is a number of hundredths.",
        difficult_point="Pupils think percentages must be whole numbers and can never exceed one hundred.",
        narration=(
            "A hundred square makes per cent mean exactly what it says, out of one hundred.",
            "Shade twenty three squares and pupils can write twenty three hundredths and twenty three percent.",
            "Then ask them to shade one eighth of the grid and count the squares.",
            "Twelve and a half squares shows that percentages need not be whole numbers.",
            "Finally shade more than one whole grid to show percentages above one hundred.",
        ),
    ),
    # Y7 Directed number
    Clip(
        title="Counters and zero pairs",
        slug="counters-and-zero-pairs",
        unit_slugs=("y7-directed-number",),
        big_ideas=("representation-structure",),
        principles=(6,),
        representations=("counters",),
        misconceptions=("adding always makes bigger",),
        summary="Two-coloured counters and zero pairs show what adding a negative number does.",
        key_point="A positive and a negative counter together make zero, so they can be added or removed freely.",
        difficult_point="Pupils expect adding to make a number bigger, even when they add a negative.",
        narration=(
            "Use two colours of counters, one for positive one and one for negative one.",
            "A positive and a negative counter together make a zero pair, worth nothing at all.",
            "Model three plus negative five by adding five negative counters to three positive ones.",
            "Remove the zero pairs and two negative counters remain, so the answer is negative two.",
            "Pupils see that adding a negative number makes the total smaller.",
        ),
    ),
    Clip(
        title="Why does minus a negative add?",
        slug="why-does-minus-a-negative-add",
        unit_slugs=("y7-directed-number",),
        big_ideas=("mathematical-thinking", "representation-structure"),
        principles=(7,),
        representations=("counters", "number line"),
        misconceptions=("two negatives always make a positive", "subtracting always makes smaller"),
        summary="Counters explain why subtracting a negative has the same effect as adding, without a slogan.",
        key_point="Subtracting a negative number gives the same result as adding its positive.",
        difficult_point="Pupils learn 'two minuses make a plus' and then misapply it to adding negatives.",
        narration=(
            "Two minuses make a plus is a slogan, not an explanation, and pupils misuse it.",
            "Start with two positive counters and try to take away three negatives.",
            "There are none to remove, so add three zero pairs first, which does not change the value.",
            "Now take away the three negatives, and five positives are left.",
            "Subtracting negative three has the same effect as adding three.",
        ),
    ),
    # Y8 Ratio and scale
    Clip(
        title="Ratio tables and double number lines",
        slug="ratio-tables-and-double-number-lines",
        unit_slugs=("y8-ratio-and-scale", "y7-fdp-equivalence"),
        big_ideas=("coherence", "representation-structure"),
        principles=(6, 4),
        representations=("ratio table", "double number line"),
        misconceptions=("adding the same amount keeps a ratio",),
        summary="Two representations that keep both quantities in view while pupils scale them by the same multiplier.",
        key_point="Equivalent ratios come from multiplying both quantities by the same number.",
        difficult_point="Pupils think additively and add the same amount to both quantities.",
        narration=(
            "A recipe uses three eggs for every two hundred grams of flour.",
            "On a double number line, eggs go along the top and flour along the bottom, lined up.",
            "A ratio table records the same pairs in rows, and pupils scale both quantities by the same multiplier.",
            "Watch for additive thinking, where pupils add the same amount to each quantity.",
            "Ask what single multiplier takes you from eggs to flour in every row.",
        ),
    ),
    Clip(
        title="Sharing from a part or the whole",
        slug="sharing-from-a-part-or-the-whole",
        unit_slugs=("y8-ratio-and-scale",),
        big_ideas=("coherence", "representation-structure"),
        principles=(5, 8),
        representations=("bar model",),
        misconceptions=("the given amount is always the total",),
        summary="A bar model separates ratio problems that give the whole from those that give one part.",
        key_point="Decide first whether the amount given is the whole or one part.",
        difficult_point="Pupils divide by the total number of parts even when they were given one part.",
        narration=(
            "Ratio problems give either the whole amount or one of the parts, and pupils often treat them the same.",
            "Draw a bar model with two boxes for Sam and three boxes for Ali.",
            "If the total is forty, all five boxes share forty, so each box is eight.",
            "If Ali has forty, only the three boxes make forty, so the whole is different.",
            "Practise both kinds in pairs of questions that look almost identical.",
        ),
    ),
    Clip(
        title="Pi as a ratio",
        slug="pi-as-a-ratio",
        unit_slugs=("y8-ratio-and-scale",),
        big_ideas=("coherence", "mathematical-thinking"),
        principles=(4, 2),
        representations=("ratio table",),
        misconceptions=("pi is exactly three point one four",),
        summary="Measuring real circles shows that circumference and diameter are always in the same ratio.",
        key_point="Pi is the multiplier from a circle's diameter to its circumference, the same for every circle.",
        difficult_point="Pupils see pi as a calculator button or as exactly three point one four.",
        narration=(
            "Give groups some circular objects, string and a ruler, and ask them to measure each circumference and diameter.",
            "Record the pairs in a ratio table and divide circumference by diameter.",
            "Every circle gives a value just over three, whatever its size.",
            "That constant multiplier is pi, so pi is a ratio, not a button on the calculator.",
            "It also shows pupils that three point one four is only an approximation.",
        ),
    ),
    # Y8 Brackets, equations and inequalities
    Clip(
        title="Expanding with area models",
        slug="expanding-with-area-models",
        unit_slugs=("y8-brackets-equations-and-inequalities",),
        big_ideas=("representation-structure",),
        principles=(6, 7),
        representations=("area model",),
        misconceptions=("only the first term in the bracket is multiplied",),
        summary="A rectangle split into parts shows why every term in a bracket is multiplied.",
        key_point="Expanding a bracket multiplies every term inside it: the distributive law.",
        difficult_point="Pupils multiply only the first term inside the bracket.",
        narration=(
            "An area model turns three lots of x plus four into a rectangle, three high and x plus four long.",
            "Split the rectangle into two parts, and the areas three x and twelve appear.",
            "Pupils who write three x plus four have multiplied only the first term.",
            "The rectangle shows that every term inside the bracket is multiplied, which is the distributive law.",
            "Later, the same grid expands double brackets and helps with factorising.",
        ),
    ),
    Clip(
        title="Balancing both sides",
        slug="balancing-both-sides",
        unit_slugs=("y8-brackets-equations-and-inequalities", "y7-equality-and-equivalence"),
        big_ideas=("representation-structure", "coherence"),
        principles=(5, 7),
        representations=("balance",),
        misconceptions=("change the side, change the sign",),
        summary="A balance keeps every step honest when the unknown appears on both sides of an equation.",
        key_point="Doing the same to both sides keeps an equation true.",
        difficult_point="Pupils move terms across the equals sign by rote and lose track of why.",
        narration=(
            "When the unknown appears on both sides, a balance picture keeps every step honest.",
            "For five x plus two equals three x plus ten, remove three x from each pan and the scales still balance.",
            "Then take two from each side to leave two x equals eight.",
            "Avoid change the side, change the sign, because pupils lose sight of why it works.",
            "Ask them to say what they did to both sides at each step.",
        ),
    ),
    # Y8 Angles in parallel lines and polygons
    Clip(
        title="Explaining an angle chase",
        slug="explaining-an-angle-chase",
        unit_slugs=("y8-angles-in-parallel-lines-and-polygons",),
        big_ideas=("mathematical-thinking",),
        principles=(2, 6),
        representations=("geometric diagram",),
        misconceptions=("confusing alternate and co-interior angles", "a correct number needs no reason"),
        summary="In an angle chase the chain of reasons is the point; stem sentences help every pupil state them.",
        key_point="Every angle found needs a stated reason from a known angle fact.",
        difficult_point="Pupils find the right number but cannot name or choose the angle fact that justifies it.",
        narration=(
            "In an angle chase, the chain of reasons matters more than the final number.",
            "Give pupils a diagram with two parallel lines, a transversal and one angle marked.",
            "Each new angle needs a reason, such as alternate angles are equal, or a co-interior pair adds to one hundred and eighty degrees.",
            "Use a stem sentence so every pupil can state the reason out loud.",
            "Accept an answer only when the reasoning is complete.",
        ),
    ),
    Clip(
        title="Interior angle sums by splitting",
        slug="interior-angle-sums-by-splitting",
        unit_slugs=("y8-angles-in-parallel-lines-and-polygons",),
        big_ideas=("mathematical-thinking",),
        principles=(2, 5),
        representations=("polygon split into triangles",),
        misconceptions=("every polygon's angles add up to three hundred and sixty degrees",),
        summary="Splitting polygons into triangles lets pupils find and explain the rule for interior angle sums.",
        key_point="A polygon with n sides splits into n minus two triangles, so its angles sum to that many lots of 180°.",
        difficult_point="Pupils split from a point inside the shape and then count the angles at that point too.",
        narration=(
            "Ask pupils to split a pentagon into triangles from one vertex.",
            "Three triangles means three lots of one hundred and eighty, so the interior angles sum to five hundred and forty degrees.",
            "Repeat for a hexagon and an octagon, and record the results in a table.",
            "Pupils notice the number of triangles is always two fewer than the number of sides.",
            "Let them write the general rule themselves before you show it.",
        ),
    ),
    # Y9 Straight line graphs
    Clip(
        title="From sequences to y = mx + c",
        slug="from-sequences-to-y-equals-mx-plus-c",
        unit_slugs=("y9-straight-line-graphs", "y7-sequences"),
        big_ideas=("coherence",),
        principles=(4, 5),
        representations=("graph", "table of values"),
        misconceptions=("the constant is the gradient",),
        summary="Straight line graphs build directly on linear sequences: the same structure in a new form.",
        key_point="The step of a linear sequence becomes the gradient of a line, and the zero term becomes its intercept.",
        difficult_point="Pupils treat sequences and straight line graphs as unrelated topics.",
        narration=(
            "Pupils met linear sequences in Year Seven, and straight line graphs build directly on them.",
            "The nth term three n plus two and the line y equals three x plus two share the same structure.",
            "The common difference becomes the gradient, and the zero term becomes the y intercept.",
            "That is the general form, y equals m x plus c.",
            "Plot the sequence as points, then join them to show that the line also passes between the terms.",
        ),
    ),
    Clip(
        title="Gradient as rate",
        slug="gradient-as-rate",
        unit_slugs=("y9-straight-line-graphs",),
        big_ideas=("coherence", "mathematical-thinking"),
        principles=(7,),
        representations=("graph",),
        misconceptions=("counting squares gives the gradient",),
        summary="Reading a gradient as a rate with units, using real contexts such as a taxi fare.",
        key_point="A gradient is a rate: the change in one quantity for each unit of the other.",
        difficult_point="Pupils count grid squares and ignore the scales on the axes.",
        narration=(
            "A gradient tells you how fast one quantity changes compared with another.",
            "On a graph of a taxi fare, the gradient is the cost per mile and the intercept is the fixed charge.",
            "Pupils who count grid squares get the wrong gradient whenever the two axes have different scales.",
            "Ask them to state the units of the gradient, such as pounds per mile.",
            "That habit connects straight line graphs to speed and other rates later on.",
        ),
    ),
    # Y9 Forming and solving equations
    Clip(
        title="Non-integer solutions on purpose",
        slug="non-integer-solutions-on-purpose",
        unit_slugs=("y9-forming-and-solving-equations",),
        big_ideas=("fluency", "variation"),
        principles=(8, 7),
        representations=("balance",),
        misconceptions=("solutions are always whole numbers",),
        summary="Plan equations with fractional and negative solutions so pupils rely on inverse operations, not guessing.",
        key_point="Inverse operations work whatever kind of number the solution is.",
        difficult_point="Pupils who always meet whole-number answers think a fraction means they went wrong.",
        narration=(
            "If every equation in a lesson has a whole number answer, pupils start to believe that is a rule.",
            "Include solutions such as three and a half or negative two thirds on purpose.",
            "Pupils then rely on inverse operations rather than guessing a number that works.",
            "Encourage them to leave answers as fractions, because a fraction is an exact answer.",
            "Checking by substitution builds confidence when the answer looks unusual.",
        ),
    ),
    Clip(
        title="The inequality-sign slip",
        slug="the-inequality-sign-slip",
        unit_slugs=("y9-forming-and-solving-equations", "y8-brackets-equations-and-inequalities"),
        big_ideas=("fluency", "mathematical-thinking"),
        principles=(10, 7),
        representations=("number line",),
        misconceptions=("dividing by a negative keeps the inequality sign",),
        summary="Why the inequality sign reverses when both sides are multiplied or divided by a negative, and how to catch the slip.",
        key_point="Multiplying or dividing both sides of an inequality by a negative number reverses the sign.",
        difficult_point="Pupils solve inequalities exactly like equations and keep the sign.",
        narration=(
            "Solving an inequality uses the same inverse operations as an equation, with one important exception.",
            "Multiplying or dividing both sides by a negative number reverses the inequality sign.",
            "Test it: two is less than five, but negative two is greater than negative five.",
            "Show solution sets on a number line so pupils can check a value from each side.",
            "Catch the slip in the lesson with a quick hinge question, not in next week's test.",
        ),
    ),
    # Y9 Pythagoras' theorem
    Clip(
        title="Seeing the squares",
        slug="seeing-the-squares",
        unit_slugs=("y9-pythagoras-theorem",),
        big_ideas=("representation-structure", "variation"),
        principles=(6,),
        representations=("squares on sides", "squared paper"),
        misconceptions=("the theorem works for any triangle",),
        summary="Building squares on the sides of triangles, with non-examples, shows what the theorem says and when it holds.",
        key_point="In a right-angled triangle, the two smaller squares together have the same area as the largest square.",
        difficult_point="Pupils apply the theorem to triangles without a right angle.",
        narration=(
            "Draw a right-angled triangle on squared paper and build a square on each side.",
            "Pupils find the areas, and see that the two smaller squares together match the largest one.",
            "Repeat with triangles that are not right-angled, and the relationship fails.",
            "That non example matters, because it shows the theorem depends on the right angle.",
            "Keep the picture of the squares in view when pupils first write the formula.",
        ),
    ),
    Clip(
        title="Finding the hypotenuse in any orientation",
        slug="finding-the-hypotenuse-in-any-orientation",
        unit_slugs=("y9-pythagoras-theorem",),
        big_ideas=("variation",),
        principles=(6, 8),
        representations=("rotated triangle diagrams",),
        misconceptions=("the hypotenuse is the sloping side",),
        summary="Rotating and reflecting the same triangle so pupils identify the hypotenuse by its structure, not its position.",
        key_point="The hypotenuse is always the side opposite the right angle, and the longest side.",
        difficult_point="Pupils who only see a horizontal base think the hypotenuse is whichever side slopes.",
        narration=(
            "The hypotenuse is the longest side, and it is always opposite the right angle.",
            "Pupils who only see triangles with a horizontal base start to think it is the sloping side.",
            "Rotate and reflect the same triangle, so the position changes but the structure does not.",
            "Ask pupils to mark the right angle first, then label the side opposite it.",
            "Mix questions that find the hypotenuse with ones that find a shorter side, so pupils must decide each time.",
        ),
    ),
)


# Phrases a teacher might search the transcripts for, each spoken in exactly
# one clip's narration, with that clip's slug. Search tests can rely on these.
SEARCH_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("function machine", "function-machines-to-expressions"),
    ("thirty something", "bar-models-for-3a-plus-2"),
    ("like terms", "like-terms-with-algebra-tiles"),
    ("algebra tiles", "like-terms-with-algebra-tiles"),
    ("equals sign", "equals-is-not-the-answer-is"),
    ("zoom in", "number-lines-for-decimals"),
    ("degree of accuracy", "rounding-to-the-nearest-landmark"),
    ("hundred square", "hundred-squares-to-percentages"),
    ("double number line", "ratio-tables-and-double-number-lines"),
    ("additive thinking", "ratio-tables-and-double-number-lines"),
    ("circumference", "pi-as-a-ratio"),
    ("distributive law", "expanding-with-area-models"),
    ("scales still balance", "balancing-both-sides"),
    ("transversal", "explaining-an-angle-chase"),
    ("co-interior", "explaining-an-angle-chase"),
    ("interior angles", "interior-angle-sums-by-splitting"),
    ("y intercept", "from-sequences-to-y-equals-mx-plus-c"),
    ("taxi fare", "gradient-as-rate"),
    ("hinge question", "the-inequality-sign-slip"),
    ("squared paper", "seeing-the-squares"),
    ("hypotenuse", "finding-the-hypotenuse-in-any-orientation"),
)


# ---------------------------------------------------------------------------
# PD modules
# ---------------------------------------------------------------------------

MODULES: tuple[Module, ...] = (
    Module(
        title="Representation and structure in Key Stage 3",
        slug="representation-and-structure-in-key-stage-3",
        kind="big_ideas",
        intro=(
            "Four short clips on representations that reveal structure across Key Stage 3, from bar models in "
            "Year 7 to area models in Year 8. Watch them in order, pausing at each reflection."
        ),
        items=(
            (
                "text",
                "A representation earns its place when it shows how the mathematics works, not just what the answer "
                "is. As you watch, notice what each model makes visible that the symbols alone would hide.",
            ),
            ("clip", "bar-models-for-3a-plus-2"),
            ("clip", "counters-and-zero-pairs"),
            (
                "reflection",
                "Which representation does your department already use consistently, and where do pupils first meet it?",
            ),
            (
                "text",
                "The same representation can carry an idea across years. A double number line in Year 8 draws on "
                "Year 7 work on equivalence, and an area model for brackets later supports factorising.",
            ),
            ("clip", "ratio-tables-and-double-number-lines"),
            ("clip", "expanding-with-area-models"),
            (
                "text",
                "Plan when the representation will be faded. Pupils should be able to go back to it when stuck, "
                "but not depend on it for ever.",
            ),
            ("reflection", "What will you try, with which class, by when?"),
            ("reflection", "One week on: did you try it? What happened?"),
        ),
        big_ideas=("representation-structure",),
        principles=(6,),
    ),
    Module(
        title="Small steps and purposeful practice",
        slug="small-steps-and-purposeful-practice",
        kind="essence",
        intro=(
            "How carefully sized steps and deliberately varied practice help the whole class move on together. "
            "Four clips from Years 7 to 9, with prompts to plan your next lesson."
        ),
        items=(
            (
                "text",
                "A small step is about one lesson's worth of new thinking, built on something pupils already know. "
                "Small does not mean easy: the steps add up to ambitious mathematics.",
            ),
            ("clip", "term-to-term-before-nth-term"),
            ("clip", "sharing-from-a-part-or-the-whole"),
            ("reflection", "Pick a unit you teach soon. What is the key point of its first lesson, and what is the difficult point?"),
            (
                "text",
                "Purposeful practice is designed, not just set. Change one feature at a time and ask pupils what "
                "changed, so each question has a job to do.",
            ),
            ("clip", "rounding-to-the-nearest-landmark"),
            ("clip", "non-integer-solutions-on-purpose"),
            ("reflection", "What will you try, with which class, by when?"),
            ("reflection", "What did pupils do that surprised you?"),
        ),
        principles=(5, 8),
        big_ideas=("variation", "fluency"),
    ),
)


HOME_INTRO = (
    "Short professional development clips for secondary maths departments teaching for mastery, each tied to a "
    "Key Stage 3 unit, a Big Idea and an Essence principle. Watch one before you teach the unit, search every "
    "transcript for a phrase such as zero pairs, and pick up where you left off."
)


# ---------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------

_BIG_IDEAS_BY_SLUG = {idea.slug: idea for idea in BIG_IDEAS}
_PRINCIPLES_BY_ORDER = {principle.order: principle for principle in ESSENCE_PRINCIPLES}
_UNITS_BY_SLUG = {unit.slug: unit for unit in UNITS}
_CLIPS_BY_SLUG = {clip.slug: clip for clip in CLIPS}
_MODULES_BY_SLUG = {module.slug: module for module in MODULES}


def big_idea_by_slug(slug: str) -> BigIdea:
    """The Big Idea with this slug; raises KeyError for an unknown slug."""
    return _BIG_IDEAS_BY_SLUG[slug]


def principle_by_order(order: int) -> EssencePrinciple:
    """The Essence principle with this order (1–10); raises KeyError otherwise."""
    return _PRINCIPLES_BY_ORDER[order]


def unit_by_slug(slug: str) -> Unit:
    """The demo unit with this slug; raises KeyError for an unknown slug."""
    return _UNITS_BY_SLUG[slug]


def clip_by_slug(slug: str) -> Clip:
    """The demo clip with this slug; raises KeyError for an unknown slug."""
    return _CLIPS_BY_SLUG[slug]


def module_by_slug(slug: str) -> Module:
    """The PD module with this slug; raises KeyError for an unknown slug."""
    return _MODULES_BY_SLUG[slug]


def clips_for_unit(slug: str) -> tuple[Clip, ...]:
    """Clips linked to the unit with this slug, in CLIPS order."""
    return tuple(clip for clip in CLIPS if slug in clip.unit_slugs)


def block_for_unit(year: int, unit_title: str) -> CurriculumBlock:
    """The grid block holding this unit title in this year; raises KeyError if there is none."""
    for block in CURRICULUM:
        if block.year == year and unit_title in block.unit_titles:
            return block
    raise KeyError((year, unit_title))


def grid_unit_slug(year: int, unit_title: str) -> str:
    """A slug for any grid unit: the demo unit's own slug when there is one, else y<year>-<title>.

    Lets the seed create every grid unit without clashing with the demo units' slugs.
    """
    for unit in UNITS:
        if unit.year == year and unit.unit_title == unit_title:
            return unit.slug
    words = re.sub(r"[^a-z0-9]+", "-", unit_title.lower().replace("'", "")).strip("-")
    return f"y{year}-{words}"
