"""The choices of a model's task, visibility and moderation state."""

from django.db import models


class Task(models.TextChoices):
    CLASSIFICATION = "TASK_CLASSIFICATION", "Image Classification"
    DETECTION = "TASK_DETECTION", "Object Detection"
    KEYPOINT = "TASK_KEYPOINT", "Keypoint Detection"
    OCR = "TASK_OCR", "OCR"
    INSTANCE_SEGMENTATION = "TASK_INSTANCE_SEGMENTATION", "Instance Segmentation"
    SEMANTIC_SEGMENTATION = "TASK_SEMANTIC_SEGMENTATION", "Semantic Segmentation"
    TEXT_TO_IMAGE = "TASK_TEXT_TO_IMAGE", "Text to Image"
    IMAGE_TO_IMAGE = "TASK_IMAGE_TO_IMAGE", "Image to Image"
    EMBEDDING = "TASK_EMBEDDING", "Embedding"
    SPEECH_RECOGNITION = "TASK_SPEECH_RECOGNITION", "Speech Recognition"
    CHAT = "TASK_CHAT", "Conversational Text Generation"
    COMPLETION = "TASK_COMPLETION", "Completion Text Generation"
    CUSTOM = "TASK_CUSTOM", "Custom"


class Visibility(models.TextChoices):
    PRIVATE = "VISIBILITY_PRIVATE", "Private"
    PUBLIC = "VISIBILITY_PUBLIC", "Public"


class ModerationState(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    HIDDEN = "HIDDEN", "Hidden by moderators"
