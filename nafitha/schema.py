"""OpenAPI shapes for API views that answer plain JSON built by hand, not by a serializer."""

from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes

# A 200 answer that is a list of JSON objects.
OBJECT_LIST = {200: build_array_type(build_basic_type(OpenApiTypes.OBJECT))}
