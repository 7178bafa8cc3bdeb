"""The hub's synthetic catalog: power-law namespace sizes, words and tags from a vocabulary.

Deterministic (seeded): the same size gives the same rows, and the named rows the scenarios
look for (a unique word, an exact ID, a word in no row) are always there.
"""

import itertools
import random
from dataclasses import dataclass

SEED = 20261207
UNIQUE_WORD = "quokkazebra"  # in exactly one public model's description
NO_HIT_WORD = "xylophonequartz"  # in no row
EXACT_ID = "whisper-large-v3"  # one public model of the largest namespace; many IDs contain "whisper"
COMMON_WORD = "llama"
COMMON_TAG = "vision"
REAL_WORDS = [
    "llama",
    "whisper",
    "bert",
    "resnet",
    "vision",
    "transformer",
    "diffusion",
    "speech",
    "chat",
    "embedding",
    "detector",
    "classifier",
    "segmenter",
    "tokenizer",
    "quantized",
    "distilled",
    "multilingual",
    "instruct",
    "base",
    "large",
    "small",
    "tiny",
    "medium",
    "fast",
    "accurate",
    "robust",
    "efficient",
    "open",
    "weights",
    "checkpoint",
    "finetuned",
    "pretrained",
    "dataset",
    "benchmark",
    "latency",
    "throughput",
    "inference",
    "training",
    "gpu",
    "cpu",
    "edge",
    "mobile",
    "server",
    "cloud",
    "image",
    "text",
    "audio",
    "video",
    "ocr",
    "keypoint",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "vi",
    "so",
    "pe",
    "du",
    "ga",
    "ho",
    "ji",
    "ku",
    "ma",
    "ni",
    "ro",
    "sa",
    "te",
    "zu",
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ha",
    "ki",
    "le",
    "mo",
    "nu",
]
TAGS = [*REAL_WORDS[:40], *(f"topic-{n}" for n in range(160))]
TASKS = [
    "TASK_CLASSIFICATION",
    "TASK_DETECTION",
    "TASK_KEYPOINT",
    "TASK_OCR",
    "TASK_INSTANCE_SEGMENTATION",
    "TASK_SEMANTIC_SEGMENTATION",
    "TASK_TEXT_TO_IMAGE",
    "TASK_IMAGE_TO_IMAGE",
    "TASK_EMBEDDING",
    "TASK_SPEECH_RECOGNITION",
    "TASK_CHAT",
    "TASK_COMPLETION",
    "TASK_CUSTOM",
]


def vocabulary(size: int = 3000) -> list[str]:
    rng = random.Random(SEED)
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return [*REAL_WORDS, *sorted(words)]


def namespace_sizes(models: int, namespaces: int, exponent: float = 0.9) -> list[int]:
    """Sizes ~ C / rank^exponent (at least 1), summing to `models`: a few with tens of
    thousands, most with one to three."""
    weights = [1 / (rank**exponent) for rank in range(1, namespaces + 1)]
    low, high = 0.0, float(models)
    for _ in range(60):  # find C so that the rounded sizes sum to about `models`
        c = (low + high) / 2
        total = sum(max(1, int(c * w)) for w in weights)
        low, high = (c, high) if total < models else (low, c)
    sizes = [max(1, int(low * w)) for w in weights]
    sizes[0] += models - sum(sizes)
    return sizes


@dataclass(frozen=True)
class Namespaces:
    ids: list[str]
    organization: list[bool]
    sizes: list[int]


def namespaces(models: int) -> Namespaces:
    count = max(10, models // 10)
    sizes = namespace_sizes(models, count)
    ids = [f"ns{n:06d}" if n else "bigorg" for n in range(count)]
    organization = [n % 5 == 0 for n in range(count)]  # a fifth are organizations, the largest among them
    return Namespaces(ids=ids, organization=organization, sizes=sizes)


def model_rows(spaces: Namespaces, words: list[str], start_epoch: float, span_seconds: float):
    """(namespace index, model_id, description, tags, task, public, hidden, deleted, created offset)
    for every model, oldest first, namespaces interleaved."""
    rng = random.Random(SEED + 1)
    total = sum(spaces.sizes)
    weights = list(itertools.accumulate(1 / (rank + 3) for rank in range(len(words))))
    tag_weights = list(itertools.accumulate(1 / (rank + 2) for rank in range(len(TAGS))))
    # Each model's namespace: a shuffled bag of namespace indexes, so big namespaces span all times.
    owners = [index for index, size in enumerate(spaces.sizes) for _ in range(size)]
    rng.shuffle(owners)
    counters = [0] * len(spaces.sizes)
    unique_at, exact_at = total // 3, total // 2
    for n, owner in enumerate(owners):
        counters[owner] += 1
        picked = rng.choices(words, cum_weights=weights, k=rng.randint(6, 14))
        if rng.random() < 0.02:
            picked.append(COMMON_WORD)
        model_id = f"{picked[0]}-{picked[1]}-{counters[owner]}"
        public = rng.random() >= 0.25
        hidden = rng.random() < 0.005
        deleted = rng.random() < 0.01
        if n == unique_at:
            picked.append(UNIQUE_WORD)
            public, hidden, deleted = True, False, False
        if n == exact_at:
            owner, model_id = 0, EXACT_ID
            public, hidden, deleted = True, False, False
        description = " ".join(picked).capitalize() + "."
        tags = sorted(set(rng.choices(TAGS, cum_weights=tag_weights, k=rng.randint(0, 3))))
        created = start_epoch + span_seconds * n / total
        yield owner, model_id, description, tags, TASKS[n % len(TASKS)], public, hidden, deleted, created
