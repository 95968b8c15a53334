from django import template

from directory.web.coverage import county_map

register = template.Library()


@register.inclusion_tag("directory/_county_map.html")
def county_links_map() -> dict:
    """The home page's "Tap your county" map: every county a link to its search, no figures."""
    return {"map": county_map(None), "compact": True}
