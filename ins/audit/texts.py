"""The words and number formats of the audit's outputs for people (summary, HTML), in French and
English: French by default, the language of the identity-vigilance cells who read them (ADR 0090).

Machine outputs (`--json`, findings files) keep their English keys and codes whatever the
language. Numbers follow each language's habits: `12 345` and `49,7 %` in French, `12,345`
and `49.7%` in English (ordinary spaces: a summary may go to a console that only knows
Windows-1252).

```pycon
>>> text("fr", "rows"), integer(12345, "fr"), percent(0.4971, "fr")
('Lignes', '12 345', '49,7 %')
>>> text("en", "rows"), integer(12345, "en"), percent(0.4971, "en")
('Rows', '12,345', '49.7%')
>>> text("fr", "compared_with", file="avant.json")
"Évolution depuis l'audit précédent (avant.json)"

```
"""

from __future__ import annotations

from collections.abc import Mapping

from ins.audit.labels import Language

__all__ = ["STATUS_LABELS", "TEXTS", "integer", "labelled", "percent", "share", "signed", "text"]

STATUS_LABELS: Mapping[Language, Mapping[str, str]] = {
    "fr": {"PROV": "provisoire", "RECUP": "récupérée", "VALI": "validée", "QUAL": "qualifiée"},
    "en": {"PROV": "provisional", "RECUP": "retrieved", "VALI": "validated", "QUAL": "qualified"},
}
"""The RNIV status names, after their codes."""

TEXTS: Mapping[Language, Mapping[str, str]] = {
    "fr": {
        "title": "Audit de la base d'identités",
        "generated": "Produit le {when}",
        "input": "Fichier audité",
        "file": "Fichier",
        "stdin": "entrée standard",
        "encoding": "Encodage",
        "detected": "détecté",
        "given": "indiqué",
        "delimiter": "Séparateur",
        "reference_date": "Date de référence",
        "columns": "Colonnes",
        "field": "Champ",
        "column": "Colonne du fichier",
        "mapped": "(--map)",
        "absent": "absente",
        "absent_optional": "Colonnes facultatives absentes",
        "maybe_column": "colonne « {column} » ? --map {field}={column}",
        "rows": "Lignes",
        "statuses": "Statuts",
        "status": "Statut",
        "qualification_rate": "Taux de qualification (QUAL)",
        "rows_with_errors": "Lignes avec au moins une erreur",
        "rows_with_warnings": "Lignes avec au moins un avertissement",
        "error_findings": "Erreurs",
        "warning_findings": "Avertissements",
        "of_rows": "des lignes",
        "of_findings": "des anomalies",
        "duplicate_groups": "Groupes de doublons potentiels",
        "collision_groups": "Groupes de collisions",
        "no_findings": "Aucune anomalie.",
        "error": "erreur",
        "warning": "avertissement",
        "errors_by_code": "Erreurs : lignes par code",
        "warnings_by_code": "Avertissements : lignes par code",
        "status_chart": "Lignes par statut d'identité",
        "finding_chart": "Lignes par anomalie",
        "findings_by_code": "Anomalies par code",
        "code": "Code",
        "label": "Anomalie",
        "severity": "Gravité",
        "row": "Ligne",
        "row_note": "Le numéro de ligne compte les enregistrements après l'en-tête : l'en-tête "
        "n'est pas compté, les lignes vides non plus (sans ligne vide ni retour à la ligne "
        "dans une valeur, la ligne n du tableau est la ligne n + 1 du fichier).",
        "local_id": "Identifiant local",
        "group": "Groupe",
        "message": "Message",
        "what": "Ce que c'est",
        "action": "Action recommandée",
        "sample": "Les {shown} premières anomalies sur {total} (toutes sont dans le fichier "
        "--findings)",
        "all_findings": "Les {total} anomalies",
        "one_finding": "L'anomalie",
        "groups": "Les {shown} premiers groupes sur {total}",
        "all_groups": "Les {total} groupes",
        "one_group": "Le groupe",
        "records": "Fiches",
        "more_rows": "… et {count} de plus",
        "progress": "{rows} lignes, {speed} lignes/s, {left} restantes",
        "compared_with": "Évolution depuis l'audit précédent ({file})",
        "indicator": "Indicateur",
        "before": "Avant",
        "now": "Maintenant",
        "change": "Évolution",
        "better": "mieux",
        "worse": "moins bien",
        "same": "inchangé",
        "unknown": "inconnu",
        "points": "points",
        "code_rows": "Lignes « {code} »",
    },
    "en": {
        "title": "Identity base audit",
        "generated": "Generated on {when}",
        "input": "Audited file",
        "file": "File",
        "stdin": "standard input",
        "encoding": "Encoding",
        "detected": "detected",
        "given": "given",
        "delimiter": "Delimiter",
        "reference_date": "Reference date",
        "columns": "Columns",
        "field": "Field",
        "column": "Column of the file",
        "mapped": "(--map)",
        "absent": "absent",
        "absent_optional": "Optional columns absent",
        "maybe_column": 'column "{column}"? --map {field}={column}',
        "rows": "Rows",
        "statuses": "Statuses",
        "status": "Status",
        "qualification_rate": "Qualification rate (QUAL)",
        "rows_with_errors": "Rows with at least one error",
        "rows_with_warnings": "Rows with at least one warning",
        "error_findings": "Errors",
        "warning_findings": "Warnings",
        "of_rows": "of the rows",
        "of_findings": "of the findings",
        "duplicate_groups": "Potential duplicate groups",
        "collision_groups": "Collision groups",
        "no_findings": "No findings.",
        "error": "error",
        "warning": "warning",
        "errors_by_code": "Errors: rows per code",
        "warnings_by_code": "Warnings: rows per code",
        "status_chart": "Rows per identity status",
        "finding_chart": "Rows per finding",
        "findings_by_code": "Findings by code",
        "code": "Code",
        "label": "Finding",
        "severity": "Severity",
        "row": "Row",
        "row_note": "Row numbers count the records after the header: the header is not counted, "
        "nor are blank lines (without blank lines or line breaks inside values, row n is line "
        "n + 1 of the file).",
        "local_id": "Local id",
        "group": "Group",
        "message": "Message",
        "what": "What it is",
        "action": "Recommended action",
        "sample": "The first {shown} findings of {total} (all of them are in the --findings file)",
        "all_findings": "The {total} findings",
        "one_finding": "The finding",
        "groups": "The first {shown} groups of {total}",
        "all_groups": "The {total} groups",
        "one_group": "The group",
        "records": "Records",
        "more_rows": "… and {count} more",
        "progress": "{rows} rows, {speed} rows/s, {left} left",
        "compared_with": "Change since the previous audit ({file})",
        "indicator": "Indicator",
        "before": "Before",
        "now": "Now",
        "change": "Change",
        "better": "better",
        "worse": "worse",
        "same": "unchanged",
        "unknown": "unknown",
        "points": "points",
        "code_rows": 'Rows "{code}"',
    },
}
"""Every sentence and heading, by language then key (the same keys in both languages)."""


def text(lang: Language, key: str, /, **values: object) -> str:
    """The text `key` in `lang`, its `{placeholders}` filled from `values`."""
    template = TEXTS[lang][key]
    return template.format(**values) if values else template


def integer(value: int, lang: Language, /) -> str:
    """`value` with thousands separated: `12 345` (fr), `12,345` (en)."""
    grouped = f"{value:,}"
    return grouped.replace(",", " ") if lang == "fr" else grouped


def percent(share: float, lang: Language, /) -> str:
    """A share (0.0 to 1.0) as a percentage with one decimal: `49,7 %` (fr), `49.7%` (en)."""
    shown = f"{100 * share:.1f}"
    return f"{shown.replace('.', ',')} %" if lang == "fr" else f"{shown}%"


def share(count: int, whole: int, lang: Language, /) -> str:
    """`count` as a percentage of `whole` (`0,0 %` of nothing).

    ```pycon
    >>> share(1, 3, "fr"), share(0, 0, "en")
    ('33,3 %', '0.0%')

    ```
    """
    return percent(count / whole if whole else 0.0, lang)


def signed(value: float, lang: Language, /, *, decimals: int = 0) -> str:
    """A change with its sign: `+1 200`, `-3`, `0` (`decimals` for points of rate).

    ```pycon
    >>> signed(1200, "fr"), signed(-3, "en"), signed(0, "fr"), signed(2.55, "fr", decimals=1)
    ('+1 200', '-3', '0', '+2,5')

    ```
    """
    if round(value, decimals) == 0:
        return "0"
    shown = f"{abs(value):,.{decimals}f}"
    shown = shown.replace(",", " ").replace(".", ",") if lang == "fr" else shown
    return ("+" if value > 0 else "-") + shown


def labelled(lang: Language, label: str, value: str = "", /) -> str:
    """`label: value`, with the space French puts before the colon.

    ```pycon
    >>> labelled("fr", "Lignes", "3"), labelled("en", "Rows", "3"), labelled("fr", "Action")
    ('Lignes : 3', 'Rows: 3', 'Action :')

    ```
    """
    colon = " :" if lang == "fr" else ":"
    return f"{label}{colon} {value}" if value else f"{label}{colon}"
