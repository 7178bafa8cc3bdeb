"""What each demo model's README says: the real model's name, what it is, how one calls it and
where it comes from (real public repositories), in one template."""

from dataclasses import dataclass

README = """# {title}

{description}

{overview}

## Usage

{usage}

## Details

| Setting | Value |
|---|---|
| Task | {task} |
| Hardware | {hardware} in {region} |

## Links

{links}
"""


@dataclass(frozen=True)
class DemoReadme:
    """What a model's README says beyond its description: the model's real name, what it is,
    how one calls it, and where it comes from (real public repositories)."""

    title: str
    overview: str
    usage: str
    links: tuple[tuple[str, str], ...]


def _python(code: str) -> str:
    return f"```python\n{code.strip()}\n```"


READMES = {
    "resnet-50": DemoReadme(
        "ResNet-50",
        "A 50-layer residual network (He et al., 2015) trained on ImageNet-1k. It is a common baseline for "
        "image classification and a backbone for detection and segmentation.",
        _python("""
import torch
from torchvision.models import resnet50, ResNet50_Weights

weights = ResNet50_Weights.IMAGENET1K_V2
model = resnet50(weights=weights).eval()
batch = weights.transforms()(image).unsqueeze(0)
label = weights.meta["categories"][model(batch).argmax().item()]
"""),
        (
            ("Paper: Deep Residual Learning for Image Recognition", "https://arxiv.org/abs/1512.03385"),
            ("Original models", "https://github.com/KaimingHe/deep-residual-networks"),
            ("torchvision implementation", "https://github.com/pytorch/vision"),
        ),
    ),
    "yolov7": DemoReadme(
        "YOLOv7",
        "Real-time object detector. This is a fine-tune on our warehouse images, still in progress: "
        "expect missed pallets in low light.",
        "```bash\npython detect.py --weights yolov7.pt --conf 0.25 --img-size 640 --source images/\n```",
        (("Upstream repository", "https://github.com/WongKinYiu/yolov7"),),
    ),
    "paddle-ocr": DemoReadme(
        "PaddleOCR",
        "Text detection and recognition (PP-OCR) for scanned invoices and forms, in English and Chinese.",
        _python("""
from paddleocr import PaddleOCR

ocr = PaddleOCR(lang="en")
for line in ocr.ocr("invoice.png")[0]:
    print(line[1][0])
"""),
        (("Upstream repository", "https://github.com/PaddlePaddle/PaddleOCR"),),
    ),
    "whisper-small": DemoReadme(
        "Whisper (small, English)",
        "OpenAI's Whisper speech recognition model, small size (244 M parameters), for English audio.",
        _python("""
from transformers import pipeline

asr = pipeline("automatic-speech-recognition", model="openai/whisper-small")
print(asr("meeting.wav")["text"])
"""),
        (
            ("Model card", "https://huggingface.co/openai/whisper-small"),
            ("Upstream repository", "https://github.com/openai/whisper"),
        ),
    ),
    "garage-embeddings": DemoReadme(
        "all-MiniLM-L6-v2 sentence embeddings",
        "384-dimensional sentence embeddings for semantic search over my notes, served from my own workstation.",
        _python("""
from sentence_transformers import SentenceTransformer

model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
vectors = model.encode(["How do I reset the router?", "Router reset steps"])
"""),
        (
            ("Model card", "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2"),
            ("Sentence Transformers", "https://github.com/UKPLab/sentence-transformers"),
        ),
    ),
    "llama-chat": DemoReadme(
        "Llama 3.1 8B Instruct",
        "Acme's customer-support assistant: Meta's Llama 3.1 8B Instruct with our support prompt. "
        "Internal only; answers are reviewed before they reach customers.",
        _python("""
from transformers import pipeline

chat = pipeline("text-generation", model="meta-llama/Llama-3.1-8B-Instruct")
reply = chat([{"role": "user", "content": "My order has not arrived."}], max_new_tokens=200)
"""),
        (
            ("Model card", "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"),
            ("Upstream repository", "https://github.com/meta-llama/llama-models"),
        ),
    ),
    "stable-diffusion-xl": DemoReadme(
        "Stable Diffusion XL",
        "Stability AI's SDXL 1.0 base model, used for product shots from a text prompt.",
        _python("""
import torch
from diffusers import StableDiffusionXLPipeline

pipe = StableDiffusionXLPipeline.from_pretrained(
    "stabilityai/stable-diffusion-xl-base-1.0", torch_dtype=torch.float16
).to("cuda")
image = pipe("a red sneaker on a white background, studio light").images[0]
"""),
        (
            ("Model card", "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0"),
            ("Upstream repository", "https://github.com/Stability-AI/generative-models"),
        ),
    ),
    "defect-segmentation": DemoReadme(
        "Surface defect segmentation",
        "Finds scratches, dents and stains on painted panels at the end of line 3. Trained with Anomalib on "
        "images of good parts only; a pixel mask marks each defect.",
        "```bash\nanomalib predict --model Padim --ckpt_path weights/model.ckpt --data_path line3/today/\n```",
        (
            ("Anomalib", "https://github.com/openvinotoolkit/anomalib"),
            ("MVTec AD, the benchmark it was tuned on", "https://www.mvtec.com/company/research/datasets/mvtec-ad"),
        ),
    ),
}
