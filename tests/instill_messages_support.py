"""Instill's response messages, to parse the API's answers into them as Instill's clients do.

The messages are described here field by field (name, number, type) as Instill's protobufs
state them: model/model/v1alpha/model.proto (Model, its Permission in common.proto, the
response messages), common/task/v1alpha/task.proto (Task) and core/mgmt/v1beta/mgmt.proto
(Owner, User, Organization and their profiles). They are built into a private descriptor
pool, and answers are parsed with protobuf's own proto3 JSON parser (`json_format`), which
refuses an unknown field, a value of the wrong type and an enum name the enum does not have.
proto3 `optional` changes nothing in the JSON mapping, so it is not stated.
"""

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory, struct_pb2, timestamp_pb2

F = descriptor_pb2.FieldDescriptorProto
SCALARS = {"string": F.TYPE_STRING, "bool": F.TYPE_BOOL, "int32": F.TYPE_INT32}

TASK = [
    ("TASK_UNSPECIFIED", 0),
    ("TASK_CLASSIFICATION", 1),
    ("TASK_DETECTION", 2),
    ("TASK_KEYPOINT", 3),
    ("TASK_OCR", 4),
    ("TASK_INSTANCE_SEGMENTATION", 5),
    ("TASK_SEMANTIC_SEGMENTATION", 6),
    ("TASK_TEXT_TO_IMAGE", 7),
    ("TASK_IMAGE_TO_IMAGE", 11),
    ("TASK_EMBEDDING", 12),
    ("TASK_SPEECH_RECOGNITION", 13),
    ("TASK_CHAT", 14),
    ("TASK_COMPLETION", 15),
    ("TASK_CUSTOM", 16),
]
TIME = ".google.protobuf.Timestamp"
STRUCT = ".google.protobuf.Struct"
LINKS = "map<string,string>"

# package -> {message: [(field, number, type)]}; "repeated X" for lists, "enum:.X" for enums.
MGMT = {
    "UserProfile": [
        ("display_name", 1, "string"),
        ("bio", 2, "string"),
        ("avatar", 3, "string"),
        ("public_email", 4, "string"),
        ("company_name", 5, "string"),
        ("social_profile_links", 6, LINKS),
    ],
    "User": [
        ("name", 1, "string"),
        ("uid", 2, "string"),
        ("id", 3, "string"),
        ("create_time", 4, TIME),
        ("update_time", 5, TIME),
        ("profile", 11, ".core.mgmt.v1beta.UserProfile"),
        ("email", 12, "string"),
    ],
    "OrganizationProfile": [
        ("display_name", 1, "string"),
        ("bio", 2, "string"),
        ("avatar", 3, "string"),
        ("public_email", 4, "string"),
        ("social_profile_links", 5, LINKS),
    ],
    "Permission": [("can_edit", 1, "bool")],
    "OrganizationStats": [("user_count", 1, "int32")],  # Organization.Stats
    "Organization": [
        ("name", 1, "string"),
        ("uid", 2, "string"),
        ("id", 3, "string"),
        ("create_time", 4, TIME),
        ("update_time", 5, TIME),
        ("owner", 11, ".core.mgmt.v1beta.User"),
        ("profile", 12, ".core.mgmt.v1beta.OrganizationProfile"),
        ("permission", 13, ".core.mgmt.v1beta.Permission"),
        ("stats", 14, ".core.mgmt.v1beta.OrganizationStats"),
    ],
    # oneof owner {user, organization}: at most one is set (json_format refuses both).
    "Owner": [("user", 1, ".core.mgmt.v1beta.User"), ("organization", 2, ".core.mgmt.v1beta.Organization")],
}
MODEL = {
    "Permission": [("can_edit", 1, "bool"), ("can_trigger", 2, "bool")],
    "ModelStats": [("number_of_runs", 1, "int32"), ("last_run_time", 2, TIME)],  # Model.Stats
    "Model": [
        ("name", 1, "string"),
        ("uid", 2, "string"),
        ("id", 3, "string"),
        ("description", 4, "string"),
        ("model_definition", 5, "string"),
        ("configuration", 6, STRUCT),
        ("task", 7, "enum:.common.task.v1alpha.Task"),
        ("visibility", 9, "enum:.model.model.v1alpha.Visibility"),
        ("create_time", 12, TIME),
        ("update_time", 13, TIME),
        ("delete_time", 14, TIME),
        ("owner_name", 15, "string"),
        ("owner", 17, ".core.mgmt.v1beta.Owner"),
        ("region", 18, "string"),
        ("hardware", 19, "string"),
        ("readme", 20, "string"),
        ("source_url", 21, "string"),
        ("documentation_url", 22, "string"),
        ("license", 23, "string"),
        ("profile_image", 26, "string"),
        ("permission", 27, ".model.model.v1alpha.Permission"),
        ("input_schema", 28, STRUCT),
        ("output_schema", 29, STRUCT),
        ("tags", 30, "repeated string"),
        ("versions", 31, "repeated string"),
        ("stats", 32, ".model.model.v1alpha.ModelStats"),
        ("creator_uid", 33, "string"),
        ("creator", 34, ".core.mgmt.v1beta.User"),
        ("owner_uid", 35, "string"),
    ],
    "ListNamespaceModelsResponse": [
        ("models", 1, "repeated .model.model.v1alpha.Model"),
        ("next_page_token", 2, "string"),
        ("total_size", 3, "int32"),
    ],
    "ListModelsResponse": [
        ("models", 1, "repeated .model.model.v1alpha.Model"),
        ("next_page_token", 2, "string"),
        ("total_size", 3, "int32"),
    ],
    **{
        name: [("model", 1, ".model.model.v1alpha.Model")]
        for name in (
            "GetNamespaceModelResponse",
            "CreateNamespaceModelResponse",
            "UpdateNamespaceModelResponse",
            "RenameNamespaceModelResponse",
            "LookUpModelResponse",
        )
    },
    "DeleteNamespaceModelResponse": [],
}
# Model.Visibility, here at the package level (its JSON names are the same).
VISIBILITY = [("VISIBILITY_UNSPECIFIED", 0), ("VISIBILITY_PRIVATE", 1), ("VISIBILITY_PUBLIC", 2)]


def _field(message: descriptor_pb2.DescriptorProto, name: str, number: int, kind: str) -> None:
    field = message.field.add(name=name, number=number, label=F.LABEL_OPTIONAL)
    if kind.startswith("repeated "):
        field.label, kind = F.LABEL_REPEATED, kind.removeprefix("repeated ")
    if kind == LINKS:
        entry = message.nested_type.add(name="".join(p.title() for p in name.split("_")) + "Entry")
        entry.options.map_entry = True
        _field(entry, "key", 1, "string")
        _field(entry, "value", 2, "string")
        field.label, field.type, field.type_name = F.LABEL_REPEATED, F.TYPE_MESSAGE, entry.name
    elif kind.startswith("enum:"):
        field.type, field.type_name = F.TYPE_ENUM, kind.removeprefix("enum:")
    elif kind.startswith("."):
        field.type, field.type_name = F.TYPE_MESSAGE, kind
    else:
        field.type = SCALARS[kind]


def _file(name: str, package: str, messages: dict, enums: dict, deps: list[str]) -> descriptor_pb2.FileDescriptorProto:
    file = descriptor_pb2.FileDescriptorProto(name=name, package=package, syntax="proto3", dependency=deps)
    for enum_name, values in enums.items():
        enum = file.enum_type.add(name=enum_name)
        for value_name, number in values:
            enum.value.add(name=value_name, number=number)
    for message_name, fields in messages.items():
        message = file.message_type.add(name=message_name)
        for field in fields:
            _field(message, *field)
        if message_name == "Owner":
            message.oneof_decl.add(name="owner")
            for field in message.field:
                field.oneof_index = 0
    return file


def _pool() -> descriptor_pool.DescriptorPool:
    pool = descriptor_pool.DescriptorPool()
    for well_known in (struct_pb2, timestamp_pb2):
        proto = descriptor_pb2.FileDescriptorProto()
        well_known.DESCRIPTOR.CopyToProto(proto)
        pool.Add(proto)
    wkt = ["google/protobuf/struct.proto", "google/protobuf/timestamp.proto"]
    pool.Add(_file("common/task/v1alpha/task.proto", "common.task.v1alpha", {}, {"Task": TASK}, []))
    pool.Add(_file("core/mgmt/v1beta/mgmt.proto", "core.mgmt.v1beta", MGMT, {}, wkt))
    deps = [*wkt, "common/task/v1alpha/task.proto", "core/mgmt/v1beta/mgmt.proto"]
    pool.Add(_file("model/model/v1alpha/model.proto", "model.model.v1alpha", MODEL, {"Visibility": VISIBILITY}, deps))
    return pool


POOL = _pool()


def message_class(name: str):
    return message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"model.model.v1alpha.{name}"))


def model_json_names() -> set[str]:
    """The JSON (camelCase) names of Instill's Model fields."""
    return {field.json_name for field in POOL.FindMessageTypeByName("model.model.v1alpha.Model").fields}


def parse(name: str, answer: dict, *, additions: frozenset[str] = frozenset()):
    """The answer as Instill's `name` message, parsed strictly; `additions` are the model fields
    modelhub adds to Instill's (documented as such), left out of each model first."""

    def without_additions(model: dict) -> dict:
        return {key: value for key, value in model.items() if key not in additions}

    answer = dict(answer)
    if "model" in answer:
        answer["model"] = without_additions(answer["model"])
    if "models" in answer:
        answer["models"] = [without_additions(model) for model in answer["models"]]
    return json_format.ParseDict(answer, message_class(name)(), ignore_unknown_fields=False)
