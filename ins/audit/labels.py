"""What each finding code means, in French and in English: a label, a one-line explanation, and
the action an identity-vigilance cell ("cellule d'identitovigilance") is advised to take.

The codes themselves are stable English identifiers (`ins.audit.report.CODES`, ADR 0063);
these texts are what the HTML report and the summary show next to them (ADR 0090). The table
covers every code in both languages (a test checks it); a code this table does not know yet is
shown by its code, so that a new check never breaks a report.

```pycon
>>> code_text("collision", "fr").label
'Collision de matricule'
>>> code_text("collision", "en").label
'Matricule collision'
>>> code_text("brand_new_code", "fr")
CodeText(label='brand_new_code', explanation='', action='')

```
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

__all__ = ["CODE_TEXTS", "LANGUAGES", "CodeText", "Language", "code_text"]

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")


class CodeText(NamedTuple):
    """The words for one finding code: `label` (a few words), `explanation` (one sentence)
    and `action` (what to do about it)."""

    label: str
    explanation: str
    action: str


_CHECK_INSI_FR = (
    "Vérifier la date de naissance sur une pièce d'identité et par le téléservice INSi."
)
_CHECK_INSI_EN = "Check the birth date on an identity document and through the INSi teleservice."

_FR: Mapping[str, CodeText] = {
    "row_malformed": CodeText(
        "Ligne mal formée",
        "La ligne n'a pas autant de champs que l'en-tête, ou n'a pas d'identifiant local.",
        "Corriger l'export (séparateur ou guillemet dans une valeur) ou compléter "
        "l'identifiant local, puis relancer l'audit.",
    ),
    "unknown_status": CodeText(
        "Statut inconnu",
        "Le statut n'est pas l'un des quatre statuts du RNIV (PROV, RECUP, VALI, QUAL) : "
        "la ligne est comptée en PROV.",
        "Faire correspondre les libellés de statut de l'export aux codes du RNIV, ou corriger "
        "le statut de l'identité.",
    ),
    "unknown_attribute": CodeText(
        "Attribut inconnu",
        "Un attribut n'est pas l'un des codes du RNIV (DOUT, FICT, HOMA, HOMD).",
        "Faire correspondre les attributs de l'export aux codes du RNIV, ou corriger l'attribut.",
    ),
    "forbidden_attributes": CodeText(
        "Attributs incompatibles",
        "L'attribut FICT est associé à un autre attribut, ou HOMA à HOMD.",
        "Garder une combinaison permise : une identité fictive n'a pas d'autre attribut ; "
        "homonymie avérée (HOMA) ou détectée (HOMD), pas les deux.",
    ),
    "status_with_doubt": CodeText(
        "Identité douteuse ou fictive au-delà de PROV",
        "Une identité marquée DOUT ou FICT n'a pas le statut provisoire.",
        "Repasser l'identité en PROV (son INS ne doit plus servir), ou lever le doute après "
        "contrôle d'une pièce d'identité.",
    ),
    "trait_invalid": CodeText(
        "Trait illisible",
        "Un nom, les prénoms, le sexe ou le lieu de naissance ne peut pas être lu ou mis en "
        "forme INSi (caractère interdit, valeur vide ou inconnue).",
        "Corriger le trait d'après une pièce d'identité.",
    ),
    "trait_not_insi_form": CodeText(
        "Traits différents de ceux de l'INSi",
        "Une identité RECUP ou QUAL a des traits stricts qui ne sont pas écrits comme le "
        "téléservice INSi les renvoie.",
        "Reprendre les traits tels que l'INSi les renvoie (nouvel appel au téléservice), "
        "sans les retaper.",
    ),
    "first_name_incoherent": CodeText(
        "Premier prénom incohérent",
        "Le premier prénom n'est pas le début de la liste des prénoms de naissance.",
        "Corriger le premier prénom ou la liste des prénoms d'après une pièce d'identité.",
    ),
    "birth_date_invalid": CodeText(
        "Date de naissance invalide",
        "La date n'existe pas (31/02), a un format inconnu ou est vide.",
        "Corriger la date de naissance d'après une pièce d'identité.",
    ),
    "birth_date_implausible": CodeText(
        "Date de naissance invraisemblable",
        "La date est dans le futur, ou plus de 130 ans avant la date de référence.",
        "Vérifier la date sur une pièce d'identité : une erreur de saisie est probable.",
    ),
    "matricule_invalid": CodeText(
        "Matricule INS invalide",
        "Le matricule ne passe pas la validation (clé, longueur, caractère ou partie hors "
        "plage) ; la colonne « detail » du fichier des anomalies donne la raison.",
        "Ne pas utiliser ce matricule : le récupérer à nouveau par le téléservice INSi, ou le "
        "retirer de la fiche.",
    ),
    "matricule_not_ins": CodeText(
        "Numéro qui n'est pas un INS",
        "Le matricule est un ancien numéro provisoire (NNP) ou de migration (MIG), de 13 "
        "caractères : ce n'est pas un INS.",
        "Retirer ce numéro du champ matricule INS et récupérer l'INS par le téléservice INSi.",
    ),
    "oid_invalid": CodeText(
        "OID invalide ou absent",
        "L'OID est inconnu ou celui de l'ancien INS-C, ou un matricule est enregistré sans "
        "son OID.",
        "Enregistrer avec le matricule l'OID que l'INSi renvoie (1.2.250.1.213.1.4.8 pour un "
        "NIR, 1.2.250.1.213.1.4.9 pour un NIA).",
    ),
    "ins_without_qualification": CodeText(
        "INS sur une identité non récupérée",
        "Un matricule est enregistré sur une identité PROV ou VALI, qui ne peut pas porter d'INS.",
        "Appeler le téléservice INSi pour récupérer l'INS (statut RECUP ou QUAL), ou retirer "
        "le matricule.",
    ),
    "missing_ins": CodeText(
        "INS manquant",
        "Une identité RECUP ou QUAL n'a pas de matricule.",
        "Récupérer l'INS par le téléservice INSi, ou revoir le statut de l'identité.",
    ),
    "sex_mismatch": CodeText(
        "Sexe différent du matricule",
        "Le sexe ne correspond pas au premier chiffre du matricule.",
        "Vérifier le sexe sur une pièce d'identité et par le téléservice INSi.",
    ),
    "year_mismatch": CodeText(
        "Année différente du matricule",
        "L'année de naissance ne correspond pas aux chiffres 2 et 3 du matricule.",
        _CHECK_INSI_FR,
    ),
    "month_mismatch": CodeText(
        "Mois différent du matricule",
        "Le mois de naissance ne correspond pas aux chiffres 4 et 5 du matricule.",
        _CHECK_INSI_FR,
    ),
    "birthplace_mismatch": CodeText(
        "Lieu de naissance différent du matricule",
        "Le code du lieu de naissance ne correspond pas aux positions 6 à 10 du matricule "
        "(possible après un changement de code de commune).",
        "Vérifier le lieu de naissance sur une pièce d'identité (code officiel géographique "
        "à la date de naissance).",
    ),
    "corsica_before_1976": CodeText(
        "Corse (2A, 2B) avant 1976",
        "Le matricule porte le département 2A ou 2B pour une personne née avant 1976 (la Corse "
        "était alors le département 20).",
        "Vérifier le matricule et la date de naissance par le téléservice INSi.",
    ),
    "unknown_birthplace": CodeText(
        "Lieu de naissance inconnu",
        "Le code du lieu de naissance n'est pas dans la table livrée : c'est peut-être un "
        "ancien code.",
        "Vérifier le code dans le code officiel géographique en vigueur à la date de naissance.",
    ),
    "potential_duplicate": CodeText(
        "Doublon potentiel",
        "Des fiches d'identifiants locaux différents ont la même date de naissance, le même "
        "sexe et des noms et prénoms égaux ou presque (une lettre d'écart, prénoms dans un "
        "autre ordre).",
        "Examiner chaque groupe en cellule d'identitovigilance : fusionner les vrais doublons, "
        "signaler les homonymes.",
    ),
    "collision": CodeText(
        "Collision de matricule",
        "Un même matricule (avec le même OID) est enregistré sur des fiches dont les traits "
        "diffèrent : plusieurs personnes partagent peut-être un INS.",
        "À traiter en priorité : vérifier chaque fiche par le téléservice INSi et une pièce "
        "d'identité, puis corriger le matricule erroné.",
    ),
}

_EN: Mapping[str, CodeText] = {
    "row_malformed": CodeText(
        "Malformed row",
        "The row has more or fewer fields than the header, or no local id.",
        "Fix the export (a delimiter or a quote inside a value) or fill in the local id, then "
        "run the audit again.",
    ),
    "unknown_status": CodeText(
        "Unknown status",
        "The status is not one of the four RNIV statuses (PROV, RECUP, VALI, QUAL): the row "
        "counts as PROV.",
        "Map the export's status labels to the RNIV codes, or correct the identity's status.",
    ),
    "unknown_attribute": CodeText(
        "Unknown attribute",
        "An attribute is not one of the RNIV codes (DOUT, FICT, HOMA, HOMD).",
        "Map the export's attributes to the RNIV codes, or correct the attribute.",
    ),
    "forbidden_attributes": CodeText(
        "Incompatible attributes",
        "FICT is combined with another attribute, or HOMA with HOMD.",
        "Keep an allowed combination: a fictitious identity has no other attribute; proven "
        "(HOMA) or detected (HOMD) homonymy, not both.",
    ),
    "status_with_doubt": CodeText(
        "Doubtful or fictitious identity above PROV",
        "An identity marked DOUT or FICT does not have the provisional status.",
        "Put the identity back to PROV (its INS must not be used), or clear the doubt after "
        "checking an identity document.",
    ),
    "trait_invalid": CodeText(
        "Unreadable trait",
        "A name, the first names, the sex or the birthplace cannot be read or put in INSi form "
        "(a forbidden character, an empty or unknown value).",
        "Correct the trait from an identity document.",
    ),
    "trait_not_insi_form": CodeText(
        "Traits not as INSi returns them",
        "A RECUP or QUAL identity has strict traits not written as the INSi teleservice "
        "returns them.",
        "Take the traits as INSi returns them (call the teleservice again) instead of "
        "retyping them.",
    ),
    "first_name_incoherent": CodeText(
        "Inconsistent first first name",
        "The first first name does not start the list of birth first names.",
        "Correct the first first name or the first-name list from an identity document.",
    ),
    "birth_date_invalid": CodeText(
        "Invalid birth date",
        "The date does not exist (31/02), has an unknown format or is empty.",
        "Correct the birth date from an identity document.",
    ),
    "birth_date_implausible": CodeText(
        "Implausible birth date",
        "The date is in the future, or more than 130 years before the reference date.",
        "Check the date on an identity document: a typing error is likely.",
    ),
    "matricule_invalid": CodeText(
        "Invalid INS matricule",
        "The matricule fails validation (key, length, a character or a part out of range); "
        'the "detail" column of the findings file gives the reason.',
        "Do not use this matricule: retrieve it again through the INSi teleservice, or remove "
        "it from the record.",
    ),
    "matricule_not_ins": CodeText(
        "Number that is not an INS",
        "The matricule is an old provisional (NNP) or migration (MIG) number of 13 characters: "
        "not an INS.",
        "Remove this number from the INS matricule field and retrieve the INS through the INSi "
        "teleservice.",
    ),
    "oid_invalid": CodeText(
        "Invalid or missing OID",
        "The OID is unknown or the legacy INS-C one, or a matricule is stored without its OID.",
        "Store with the matricule the OID INSi returns (1.2.250.1.213.1.4.8 for a NIR, "
        "1.2.250.1.213.1.4.9 for a NIA).",
    ),
    "ins_without_qualification": CodeText(
        "INS on an identity not retrieved",
        "A matricule is stored on a PROV or VALI identity, which cannot carry an INS.",
        "Call the INSi teleservice to retrieve the INS (status RECUP or QUAL), or remove the "
        "matricule.",
    ),
    "missing_ins": CodeText(
        "Missing INS",
        "A RECUP or QUAL identity has no matricule.",
        "Retrieve the INS through the INSi teleservice, or review the identity's status.",
    ),
    "sex_mismatch": CodeText(
        "Sex differs from the matricule",
        "The sex does not match the first digit of the matricule.",
        "Check the sex on an identity document and through the INSi teleservice.",
    ),
    "year_mismatch": CodeText(
        "Year differs from the matricule",
        "The birth year does not match digits 2 and 3 of the matricule.",
        _CHECK_INSI_EN,
    ),
    "month_mismatch": CodeText(
        "Month differs from the matricule",
        "The birth month does not match digits 4 and 5 of the matricule.",
        _CHECK_INSI_EN,
    ),
    "birthplace_mismatch": CodeText(
        "Birthplace differs from the matricule",
        "The birthplace code does not match positions 6 to 10 of the matricule (possible after "
        "a commune code change).",
        "Check the birthplace on an identity document (official geographic code at the birth "
        "date).",
    ),
    "corsica_before_1976": CodeText(
        "Corsica (2A, 2B) before 1976",
        "The matricule uses department 2A or 2B for a person born before 1976 (Corsica was then "
        "department 20).",
        "Check the matricule and the birth date through the INSi teleservice.",
    ),
    "unknown_birthplace": CodeText(
        "Unknown birthplace",
        "The birthplace code is not in the shipped table: it may be a historic code.",
        "Check the code against the official geographic code in force at the birth date.",
    ),
    "potential_duplicate": CodeText(
        "Potential duplicate",
        "Records of different local ids have the same birth date and sex and equal or nearly "
        "equal names (one letter apart, first names in another order).",
        "Review each group in the identity-vigilance cell: merge true duplicates, mark homonyms.",
    ),
    "collision": CodeText(
        "Matricule collision",
        "One matricule (with the same OID) is stored on records whose traits differ: several "
        "persons may share one INS.",
        "Handle first: check each record through the INSi teleservice and an identity "
        "document, then correct the wrong matricule.",
    ),
}

CODE_TEXTS: Mapping[Language, Mapping[str, CodeText]] = {"fr": _FR, "en": _EN}
"""For each language, each finding code's `CodeText`."""


def code_text(code: str, lang: Language, /) -> CodeText:
    """The words for `code` in `lang`; the code itself as label when the table lacks it."""
    found = CODE_TEXTS[lang].get(code)
    return found if found is not None else CodeText(code, "", "")
