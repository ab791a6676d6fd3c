namespace RiskScoring.Profiles;

/// <summary>Whether the borrower is a person or a small business.</summary>
public enum BorrowerKind
{
    /// <summary>A natural person borrowing in their own name.</summary>
    Individual = 0,

    /// <summary>A small business (sole trader, partnership or small company).</summary>
    SmallBusiness = 1,
}

/// <summary>The borrower's employment type. <see cref="Unknown"/> is an explicit value, never a default guess.</summary>
public enum EmploymentType
{
    /// <summary>Not reported.</summary>
    Unknown = 0,

    /// <summary>Salaried with a permanent (open-ended) contract.</summary>
    SalariedPermanent = 1,

    /// <summary>Salaried on a temporary or fixed-term contract, including agency work.</summary>
    SalariedTemporary = 2,

    /// <summary>Self-employed, including sole traders.</summary>
    SelfEmployed = 3,

    /// <summary>Gig-economy or freelance work paid per task.</summary>
    Gig = 4,

    /// <summary>Not in work.</summary>
    Unemployed = 5,

    /// <summary>Retired, living on a pension.</summary>
    Retired = 6,

    /// <summary>In education.</summary>
    Student = 7,
}

/// <summary>The kind of a credit line.</summary>
public enum CreditLineKind
{
    /// <summary>A revolving line (credit card, overdraft, revolving credit line) with a limit and a balance.</summary>
    Revolving = 0,

    /// <summary>An instalment loan with an outstanding principal and a monthly instalment.</summary>
    Instalment = 1,
}
